import { bare, gerund } from './noun-phrase.js';
import {
  COLOUR_MODIFIERS,
  COLOURS,
  MATERIALS,
  METAL_COLOURS,
  SIZE_WORDS,
  STYLE_PATTERN,
} from './vocabulary.js';
import {
  DEFINITE,
  DETERMINER,
  INDEFINITE,
  headNoun,
  isGlobalPhrase,
  words,
  type Reading,
} from './instruction-analysis.js';

/** Readers for changes to one thing's properties: size, pose or action, colour, material, or another state. */

// ---- size ------------------------------------------------------------------------------------------

const SIZE_ALT = [...SIZE_WORDS.keys()].join('|');
const MAKE_SIZE = new RegExp(
  `^(?:make|let|get)\\s+(.+?)\\s+(?:be\\s+|look\\s+|appear\\s+|become\\s+)?(?:(?:much|a lot|slightly|a bit|a little|twice as|three times as|\\w+ times|significantly|far|way|even)\\s+)?(${SIZE_ALT})(?:\\s+(?:than|as)\\b.*)?$`,
  'i',
);
const RESIZE_VERB =
  /^(enlarge|scale up|grow|expand|magnify|upsize|increase the size of|shrink|scale down|miniaturi[sz]e|downsize|reduce the size of|decrease the size of)\s+(.+?)(?:\s+(?:by|to)\b.*)?$/i;

export function readSize(s: string): Reading | undefined {
  const m = MAKE_SIZE.exec(s);
  if (m && !isGlobalPhrase(m[1]!))
    return { kind: 'size', subject: bare(m[1]!), size: SIZE_WORDS.get(m[2]!.toLowerCase())! };
  const r = RESIZE_VERB.exec(s);
  if (r && !isGlobalPhrase(r[2]!)) {
    const smaller = /^(?:shrink|scale down|miniaturi|downsize|reduce|decrease)/i.test(r[1]!);
    return { kind: 'size', subject: bare(r[2]!), size: smaller ? 'smaller' : 'larger' };
  }
  return undefined;
}

// ---- action ----------------------------------------------------------------------------------------

const ACTION_VERBS = (
  'raise lift lower wave sit stand jump run smile frown laugh cry close open turn look hold point cross kneel lie ' +
  'dance hug clap walk bend pick fold stretch nod sleep eat drink kick throw catch ride climb fly swim bow crouch ' +
  'lean face wink yawn shrug reach sing read play squat kiss shake rest salute'
).split(' ');
const ACTION_SET = new Set(ACTION_VERBS);
const ACTION_ALT = ACTION_VERBS.map((v) => `${v}s?`).join('|');
const ING_ALT = '[a-z]+ing';
const MAKE_ACTION = new RegExp(
  `^(?:make|have|let|get)\\s+(.+?)\\s+(?:to\\s+|be\\s+)?(${ACTION_ALT}|${ING_ALT})\\b\\s*(.*)$`,
  'i',
);
const SHOULD_ACTION = new RegExp(
  `^(.+?)\\s+(?:should|should be|is|are|starts?|begins?)\\s+(${ACTION_ALT}|${ING_ALT})\\b\\s*(.*)$`,
  'i',
);

export function readAction(s: string): Reading | undefined {
  const m = MAKE_ACTION.exec(s) ?? SHOULD_ACTION.exec(s);
  if (!m || !DEFINITE.test(`${m[1]!} `) || isGlobalPhrase(m[1]!)) return undefined;
  const verb = m[2]!.toLowerCase();
  const base = verb.endsWith('ing') ? undefined : verb.replace(/s$/, '');
  if (base !== undefined && !ACTION_SET.has(base)) return undefined;
  const ing = base === undefined ? verb : gerund(base);
  const rest = m[3]!.trim();
  // "look" is a pose only with a direction ("look at the camera"); "look stormy" describes a state.
  if (base === 'look' && !/^(?:at|up|down|left|right|away|toward|towards|back|over|around)\b/i.test(rest))
    return undefined;
  const subject = bare(m[1]!);
  const sideWord = /\b(?:his|her|their|its)\s+(?:own\s+)?(left|right)\b/i.exec(rest);
  return {
    kind: 'action',
    subject,
    action: rest ? `${ing} ${rest}` : ing,
    ...(sideWord
      ? { personSide: { person: `the ${subject}`, side: sideWord[1]!.toLowerCase() as 'left' | 'right' } }
      : {}),
  };
}

// ---- attribute changes: colour, material, size, replace, or a named state --------------------------

const CHANGE_PROPERTY = /^change\s+the\s+(colou?r|material|texture)\s+of\s+(.+?)\s+(?:to|into)\s+(.+)$/i;
const CHANGE_TO = /^(change|turn|convert|transform|switch|make)\s+(.+?)\s+(?:to|into)\s+(.+)$/i;
const LET_BE = /^(?:let|make|have)\s+(.+?)\s+be\s+(.+)$/i;
const SHOULD_BE = /^(.+?)\s+should\s+(?:be|become|look)\s+(.+)$/i;
const TONE_VERB = /^(brighten|darken|lighten)\s+(.+)$/i;
const MAKE_X_Y = /^(?:make|paint|colou?r|dye|recolou?r|tint|turn|get)\s+(.+)$/i;

function isColourPhrase(ws: readonly string[]): boolean {
  return (
    ws.some((w) => COLOURS.has(w)) &&
    ws.every((w) => COLOURS.has(w) || COLOUR_MODIFIERS.has(w) || w === 'and')
  );
}

/** Decides what "X becomes Y" is: a colour, a material, a size, a replacement or some other state. */
function resolveChange(subject: string, rawTarget: string, replacing: boolean): Reading {
  const target = rawTarget.replace(/^(?:all|fully|completely|entirely)\s+/i, '').trim();
  const ws = words(target);
  const subjectHead = headNoun(subject);
  // A change to the whole picture ("make the image bigger") is no object edit: leave it to the generic template.
  if (isGlobalPhrase(subject)) return { kind: 'generic', subject, target };
  const madeOf = /\b(?:made (?:of|from)|out of)\s+(.+)$/i.exec(target);
  if (madeOf)
    return { kind: 'material', subject, target: MATERIALS.get(headNoun(madeOf[1]!)) ?? bare(madeOf[1]!) };
  // "white curtains" for "the curtains": a colour with the subject's own noun repeated.
  const withoutHead = ws[ws.length - 1] === subjectHead ? ws.slice(0, -1) : ws;
  if (withoutHead.length > 0 && isColourPhrase(withoutHead)) {
    const isMetalStatue =
      withoutHead.length === 1 && METAL_COLOURS.has(withoutHead[0]!) && /statue|sculpture/.test(target);
    if (!isMetalStatue) return { kind: 'colour', subject, target: withoutHead.join(' ') };
  }
  const materialWords = withoutHead.filter((w) => MATERIALS.has(w));
  const otherWords = withoutHead.filter(
    (w) => !MATERIALS.has(w) && !['a', 'an', 'statue', 'sculpture', 'version'].includes(w),
  );
  if (materialWords.length === 1 && otherWords.length === 0) {
    return { kind: 'material', subject, target: MATERIALS.get(materialWords[0]!)! };
  }
  if (ws.length <= 2 && SIZE_WORDS.has(ws[ws.length - 1]!)) {
    return { kind: 'size', subject, size: SIZE_WORDS.get(ws[ws.length - 1]!)! };
  }
  if (ws.length === 1 && /^(?:darker|lighter|brighter|paler|deeper)$/.test(ws[0]!)) {
    return { kind: 'colour', subject, target: ws[0]! };
  }
  if (INDEFINITE.test(`${target} `) || (replacing && !STYLE_PATTERN.test(target))) {
    return { kind: 'replace', subject, target };
  }
  return { kind: 'generic', subject, target };
}

/** "make the car bright yellow": the longest known colour or material phrase at the end is the target. */
function splitMakeXY(phrase: string): { subject: string; target: string } | undefined {
  const madeOf = /^(.+?)\s+((?:made (?:of|from)|out of)\s+.+)$/i.exec(phrase);
  if (madeOf) return { subject: madeOf[1]!, target: madeOf[2]! };
  const ws = phrase.split(/\s+/);
  for (let cut = 1; cut < ws.length; cut++) {
    const target = ws.slice(cut);
    const lower = target.map((w) => w.toLowerCase());
    const known =
      isColourPhrase(lower.filter((w) => !['all', 'fully', 'completely', 'entirely'].includes(w))) ||
      (lower.length === 1 && MATERIALS.has(lower[0]!)) ||
      (lower.length === 1 && SIZE_WORDS.has(lower[0]!));
    if (known) return { subject: ws.slice(0, cut).join(' '), target: target.join(' ') };
  }
  // Unknown state: "the woman obese" -> subject "the woman", state "obese"; "the sky look stormy" -> "stormy".
  const m = new RegExp(
    `^(${DETERMINER}\\s+[a-z']+)\\s+(?:look\\s+|appear\\s+|seem\\s+|become\\s+)?(.+)$`,
    'i',
  ).exec(phrase);
  return m ? { subject: m[1]!, target: m[2]! } : undefined;
}

export function readAttribute(s: string): Reading | undefined {
  const prop = CHANGE_PROPERTY.exec(s);
  if (prop) {
    const reading = resolveChange(bare(prop[2]!), prop[3]!, false);
    const colourWord = /colou?r/i.test(prop[1]!);
    if (reading.kind === 'generic') return { ...reading, kind: colourWord ? 'colour' : 'material' };
    return reading;
  }
  const to = CHANGE_TO.exec(s);
  if (to) return resolveChange(bare(to[2]!), to[3]!, to[1]!.toLowerCase() !== 'make');
  const be = LET_BE.exec(s) ?? SHOULD_BE.exec(s);
  if (be) return resolveChange(bare(be[1]!), be[2]!, false);
  const tone = TONE_VERB.exec(s);
  if (tone)
    return {
      kind: 'colour',
      subject: bare(tone[2]!),
      target: `${tone[1]!.toLowerCase().replace(/en$/, '')}er`,
    };
  const make = MAKE_X_Y.exec(s);
  const split = make && splitMakeXY(make[1]!);
  return split ? resolveChange(bare(split.subject), split.target, false) : undefined;
}

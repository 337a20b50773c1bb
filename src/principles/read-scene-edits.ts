import { GLOBAL_NOUNS, GRAYSCALE_PATTERN, STYLE_PATTERN, readStrength, readTone } from './vocabulary.js';
import { definiteNouns, headNoun, type Reading } from './instruction-analysis.js';

/** Readers for edits of text and of the whole picture: text, background, style, global tone. */

// ---- text -------------------------------------------------------------------------------------------

const QUOTED = /"([^"]+)"|\u201c([^\u201d]+)\u201d|(?<![A-Za-z])'([^']+)'(?![A-Za-z])/g;
const TEXT_WORDS = /\b(?:text|caption|lettering|writing|inscription|headline|slogan|words?)\b/i;
const SURFACE_STOP =
  'to|with|into|in|on|onto|at|from|so|that|saying|says|say|reading|reads|read|which|and|above|below|under|behind|next|near|by|of|for|as|be|is|are|instead';

export function readText(s: string): Reading | undefined {
  const quotes = [...s.matchAll(QUOTED)]
    .map((m) => m[1] ?? m[2] ?? m[3] ?? '')
    .filter((q) => q.trim() !== '');
  if (quotes.length === 0 && !TEXT_WORDS.test(s)) return undefined;
  const unquoted = s.replace(QUOTED, ' ');
  const surfaceRe = new RegExp(
    `\\b(?:the|this|that|his|her|its|their)\\s+((?:[a-z']+\\s+){0,2}?[a-z']+)(?=\\s+(?:${SURFACE_STOP})\\b|\\s*$)`,
    'gi',
  );
  const surface = [...unquoted.matchAll(surfaceRe)]
    .map((m) => m[1]!)
    .find((np) => !TEXT_WORDS.test(np) && !GLOBAL_NOUNS.has(headNoun(np)));
  const removing = /\b(?:remove|delete|erase|get rid of|take out|clear|wipe)\b/i.test(s);
  const text: NonNullable<Reading['text']> = { surface: surface ?? 'image' };
  if (quotes.length >= 2) {
    text.old = quotes[0];
    text.new = quotes[1];
  } else if (quotes.length === 1) {
    if (removing) text.old = quotes[0];
    else text.new = quotes[0];
  }
  return { kind: 'text', text, subject: text.surface };
}

// ---- background and style ---------------------------------------------------------------------------

const BACKGROUND =
  /^(change|replace|swap|switch|make|turn|set|update|transform|blur|remove|delete|darken|brighten)\s+(?:the\s+|its\s+|his\s+|her\s+|their\s+)?(?:background|backdrop|scenery|setting)\b\s*(?:(?:to|with|into|for|as|be|:)\s+)?(.*)$/i;
const BACKGROUND_SHOULD = /^(?:the\s+)?(?:background|backdrop)\s+(?:should be|is|becomes|to be)\s+(.+)$/i;
const BACKGROUND_VERB_TARGET: Record<string, string> = {
  blur: 'blurred',
  remove: 'a plain, empty backdrop',
  delete: 'a plain, empty backdrop',
  darken: 'darker',
  brighten: 'brighter',
};

export function readBackground(s: string): Reading | undefined {
  const m = BACKGROUND.exec(s);
  if (m) {
    const target = m[2]!.trim() || BACKGROUND_VERB_TARGET[m[1]!.toLowerCase()];
    return { kind: 'background', ...(target ? { target } : {}) };
  }
  const should = BACKGROUND_SHOULD.exec(s);
  return should ? { kind: 'background', target: should[1]! } : undefined;
}

const STYLE_OF = /\bin (?:the |a )?style of\s+(.+)$/i;
const STYLE_IN = /\bin (?:an? )?([a-z' -]+?)[- ]style\b/i;
const RESTYLE =
  /^(?:make|turn|convert|render|transform|redraw|restyle|change|repaint|recreate|reimagine|draw|give)\s+(?:(it|this|the (?:whole |entire )?(?:image|photo|photograph|picture|scene|shot))\s+)?(?:look\s+like\s+|into\s+|to\s+|as\s+|like\s+|in\s+)?(.+)$/i;

export function readStyle(s: string): Reading | undefined {
  const of = STYLE_OF.exec(s);
  if (of) return { kind: 'style', target: `the style of ${of[1]!}` };
  const inStyle = STYLE_IN.exec(s);
  if (inStyle && /^(?:make|turn|convert|render|redraw|restyle|repaint|recreate|reimagine|draw)\b/i.test(s)) {
    return { kind: 'style', target: `${inStyle[1]!} style` };
  }
  const m = RESTYLE.exec(s);
  // Only a restyle of the whole picture is a style edit; "turn the cat into a cartoon" changes one thing.
  if (
    m &&
    (m[1] !== undefined || /^(?:redraw|restyle|repaint|recreate|reimagine)\b/i.test(s)) &&
    STYLE_PATTERN.test(m[2]!)
  ) {
    return {
      kind: 'style',
      target: m[2]!.replace(/^(?:an?\s+)?(.+?)\s+(?:look|feel|effect|filter)$/i, '$1'),
    };
  }
  return undefined;
}

// ---- tone ------------------------------------------------------------------------------------------

const LOCAL_VERB =
  /^(?:add|insert|put|place|remove|delete|erase|replace|swap|move|write|draw|give|get rid of)\b/i;

export function readGlobalTone(s: string): Reading | undefined {
  if (LOCAL_VERB.test(s) && !/^give\s+(?:it|the (?:whole )?(?:image|photo|picture|scene))\b/i.test(s))
    return undefined;
  if (!definiteNouns(s).every((n) => GLOBAL_NOUNS.has(n))) return undefined;
  if (GRAYSCALE_PATTERN.test(s)) return { kind: 'tone', grayscale: true };
  const tone = readTone(s);
  return tone ? { kind: 'tone', tone: { ...tone, strength: readStrength(s) } } : undefined;
}

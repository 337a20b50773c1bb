import { bare } from './noun-phrase.js';
import { NUMBER_WORD, readNumber } from './vocabulary.js';
import { DEFINITE, INDEFINITE, isPerson, words, type Reading } from './instruction-analysis.js';

/** Readers for edits of whole objects: count, remove, replace, add, move. */

// ---- count -----------------------------------------------------------------------------------------

const N = NUMBER_WORD;
const COUNT_MORE = new RegExp(
  `^(?:add|put|place|include|insert|draw)\\s+(${N})\\s+(?:more|extra|additional|other)\\s+(.+?)(?:\\s+(?:to|on|in|into|onto|at|near|next to|beside|around)\\s+(.+))?$`,
  'i',
);
const COUNT_FEWER = new RegExp(
  `^(?:remove|delete|erase|take away|get rid of|take out)\\s+(${N})\\s+of\\s+(?:the\\s+)?(.+?)(?:\\s+so\\b.*)?$`,
  'i',
);
const COUNT_EXACT = [
  new RegExp(`\\b(?:change|set|make)\\s+the\\s+number\\s+of\\s+(.+?)\\s+(?:to|be)\\s+(${N})\\b`, 'i'),
  new RegExp(
    `^(?:make|let|have)\\s+(?:there\\s+be|it)\\s+(?:only\\s+|exactly\\s+|just\\s+)?(${N})\\s+(.+)$`,
    'i',
  ),
  new RegExp(`^there\\s+should\\s+be\\s+(?:only\\s+|exactly\\s+|just\\s+)?(${N})\\s+(.+)$`, 'i'),
  new RegExp(`^(?:leave|keep)\\s+(?:only|just|exactly)\\s+(${N})\\s+(.+)$`, 'i'),
];

export function readCount(s: string): Reading | undefined {
  const more = COUNT_MORE.exec(s);
  if (more) {
    const n = readNumber(more[1]!)!;
    return {
      kind: 'count',
      count: { mode: 'more', n, noun: bare(more[2]!) },
      ...(more[3] ? { reference: more[3] } : {}),
    };
  }
  const fewer = COUNT_FEWER.exec(s);
  if (fewer) {
    const noun = bare(fewer[2]!);
    // "... so only three remain" states the end count, which is the sharper question.
    const left = new RegExp(`\\bso (?:that )?(?:there are )?only (${N})\\b`, 'i').exec(s);
    return left
      ? { kind: 'count', count: { mode: 'exactly', n: readNumber(left[1]!)!, noun } }
      : { kind: 'count', count: { mode: 'fewer', n: readNumber(fewer[1]!)!, noun } };
  }
  for (const [i, re] of COUNT_EXACT.entries()) {
    const m = re.exec(s);
    if (!m) continue;
    // The first pattern names the noun before the number; the others after it.
    const [numberText, noun] = i === 0 ? [m[2]!, m[1]!] : [m[1]!, m[2]!];
    return { kind: 'count', count: { mode: 'exactly', n: readNumber(numberText)!, noun: bare(noun) } };
  }
  return undefined;
}

// ---- remove, replace, add --------------------------------------------------------------------------

const REMOVE =
  /^(?:remove|delete|erase|get rid of|take out|take away|eliminate|wipe out|wipe away|clear away|take off|cut out)\s+(.+?)(?:\s+(?:from|off|out of)\s+(.+))?$/i;
const DISAPPEAR = /^(?:make|let|have)\s+(.+?)\s+(?:disappear|vanish|go away|be gone)$/i;
const NO_MORE = /^(?:there should be no|leave no|without|no more)\s+(.+)$/i;

export function readRemove(s: string): Reading | undefined {
  const m = REMOVE.exec(s);
  if (m) return { kind: 'remove', subject: bare(m[1]!), ...(m[2] ? { reference: m[2] } : {}) };
  const gone = DISAPPEAR.exec(s) ?? NO_MORE.exec(s);
  return gone ? { kind: 'remove', subject: bare(gone[1]!) } : undefined;
}

const REPLACE = /^(?:replace|swap|exchange|substitute)\s+(.+?)\s+(?:with|for|by)\s+(.+)$/i;

export function readReplace(s: string): Reading | undefined {
  const m = REPLACE.exec(s);
  return m ? { kind: 'replace', subject: bare(m[1]!), target: m[2]! } : undefined;
}

const PLACE_PREPOSITION =
  'in front of|on top of|next to|to|in|on|onto|into|inside|at|near|beside|behind|under|below|above|over|around|along|across|through|between';
const PLACE_SPLIT = new RegExp(`^(.+?)\\s+(${PLACE_PREPOSITION})\\s+(.+)$`, 'i');
/** Nouns ending in -ing: a preposition after them still starts a location ("a ring on the table"). */
const ING_NOUNS = new Set(
  'ring king wing string swing thing building ceiling painting drawing earring sling spring sibling duckling pudding icing frosting clothing railing'.split(
    ' ',
  ),
);

/** "a cat on the seat" -> object "a cat", where "on the seat"; "a stream running through the field" stays whole. */
function splitPlacement(phrase: string): { target: string; relation?: string; reference?: string } {
  const m = PLACE_SPLIT.exec(phrase);
  if (!m) return { target: phrase };
  const last = words(m[1]!).pop() ?? '';
  if (last.endsWith('ing') && !ING_NOUNS.has(last)) return { target: phrase };
  return { target: m[1]!, relation: m[2]!.toLowerCase(), reference: m[3]! };
}

const ADD = /^(add|insert|include|introduce|draw|paint|place|put|create|make|set)\s+(.+)$/i;
const THERE_BE = /^(?:(?:let|have|make)\s+there\s+be|there\s+(?:should|must)\s+be)\s+(.+)$/i;
const GIVE = new RegExp(`^give\\s+(.+?)\\s+((?:a|an|some|${NUMBER_WORD})\\s+.+)$`, 'i');

export function readAdd(s: string): Reading | undefined {
  const give = GIVE.exec(s);
  if (give) return { kind: 'add', target: give[2]!, relation: 'given to', reference: give[1]! };
  const there = THERE_BE.exec(s);
  if (there) return { kind: 'add', ...splitPlacement(there[1]!) };
  const m = ADD.exec(s);
  if (!m) return undefined;
  // Only "add" takes any object; the other verbs add something only when it is new (an indefinite phrase).
  if (m[1]!.toLowerCase() !== 'add' && m[1]!.toLowerCase() !== 'insert' && !INDEFINITE.test(m[2]!))
    return undefined;
  return { kind: 'add', ...splitPlacement(m[2]!) };
}

// ---- position --------------------------------------------------------------------------------------

const ABSOLUTE_PLACE =
  '(?:to\\s+|towards\\s+|into\\s+)?(?:the\\s+)?(?:far\\s+)?(?:left|right|top|bottom|center|centre|middle|(?:top|bottom)[- ](?:left|right)(?: corner)?|foreground|background)(?:\\s+side)?(?:\\s+(?:of|in)\\s+the\\s+(?:image|picture|photo|frame|scene))?';
const RELATIVE_PLACE =
  'to the left of|to the right of|on the left of|on the right of|left of|right of|in front of|on top of|next to|closer to|away from|underneath|beneath|below|under|behind|above|over|beside|near|inside|into|onto|on|in|between';
const MOVE_VERB = '(move|shift|slide|drag|relocate|reposition|push|bring|put|place|set)';
const MOVE_PERSON_SIDE = new RegExp(
  `^${MOVE_VERB}\\s+(.+?)\\s+to\\s+(?:the\\s+)?(.+?)'s\\s+(?:own\\s+)?(left|right)(?:\\s+(?:hand\\s+)?side)?$`,
  'i',
);
const MOVE_RELATIVE = new RegExp(`^${MOVE_VERB}\\s+(.+?)\\s+(${RELATIVE_PLACE})\\s+(.+)$`, 'i');
const MOVE_ABSOLUTE = new RegExp(`^${MOVE_VERB}\\s+(.+?)\\s+(${ABSOLUTE_PLACE}|up|down)$`, 'i');
const PUT_VERBS = /^(?:put|place|set)$/i;

const relationName = (r: string) =>
  ({
    'left of': 'to the left of',
    'right of': 'to the right of',
    'on the left of': 'to the left of',
    'on the right of': 'to the right of',
    onto: 'on',
    into: 'inside',
  })[r.toLowerCase()] ?? r.toLowerCase();

export function readPosition(s: string): Reading | undefined {
  const side = MOVE_PERSON_SIDE.exec(s);
  if (side && isPerson(side[3]!)) {
    const person = `the ${bare(side[3]!)}`;
    const dir = side[4]!.toLowerCase() as 'left' | 'right';
    return {
      kind: 'position',
      subject: bare(side[2]!),
      relation: `to the ${dir} of`,
      reference: person,
      personSide: { person, side: dir },
    };
  }
  const rel = MOVE_RELATIVE.exec(s);
  if (rel) {
    const [, verb, subject, relation, reference] = rel as unknown as [string, string, string, string, string];
    // "Put the hydrant on asphalt" changes the ground; only a placement relative to another thing is a move.
    if (PUT_VERBS.test(verb) && (!DEFINITE.test(subject) || !DEFINITE.test(reference))) return undefined;
    const name = relationName(relation);
    const sideMatch = /\b(left|right)\b/.exec(name);
    return {
      kind: 'position',
      subject: bare(subject),
      relation: name,
      reference,
      ...(sideMatch && isPerson(reference)
        ? { personSide: { person: reference, side: sideMatch[1] as 'left' | 'right' } }
        : {}),
    };
  }
  const abs = MOVE_ABSOLUTE.exec(s);
  if (abs && !(PUT_VERBS.test(abs[1]!) && !DEFINITE.test(abs[2]!))) {
    const place = abs[3]!.toLowerCase().replace(/^(?:(?:to|towards|into)\s+)?(?:the\s+)?/, '');
    return {
      kind: 'position',
      subject: bare(abs[2]!),
      relation: /^(?:up|down)$/.test(place) ? place : `to the ${place}`,
    };
  }
  return undefined;
}

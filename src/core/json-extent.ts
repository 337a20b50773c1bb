const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const JSON_ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;
const JSON_LITERALS = ['true', 'false', 'null'];

const isJsonSpace = (ch: string | undefined): boolean =>
  ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';

/** Index just past the JSON string that opens at `start`, or -1 when it is not one. */
function jsonStringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') return i + 1;
    if (ch === '\\') {
      JSON_ESCAPE.lastIndex = i;
      if (!JSON_ESCAPE.test(text)) return -1;
      i = JSON_ESCAPE.lastIndex - 1;
    } else if (ch < ' ') return -1;
  }
  return -1;
}

/** Index just past the number, literal or string (not array or object) at `start`, or -1. */
function jsonScalarEnd(text: string, start: number): number {
  if (text[start] === '"') return jsonStringEnd(text, start);
  const literal = JSON_LITERALS.find((word) => text.startsWith(word, start));
  if (literal) return start + literal.length;
  JSON_NUMBER.lastIndex = start;
  return JSON_NUMBER.test(text) ? JSON_NUMBER.lastIndex : -1;
}

/**
 * Index just past the JSON array or object that opens at `start`, or -1 when none (as JSON.parse reads
 * one) opens there. `ends` keeps that answer for every container a scan opens (0 while unknown), so a
 * container met again, nested in a later scan or as the next start, costs one step. A container still
 * open where a scan fails fails there too, since everything from its opening on was read as its content.
 * The scan keeps its own stack, so deep nesting cannot overflow the call stack.
 */
function containerEnd(text: string, start: number, ends: Int32Array): number {
  /** Open containers: the start of each, and whether it is an array. */
  const open: { at: number; array: boolean }[] = [];
  const fail = (): number => {
    for (const { at } of open) ends[at] = -1;
    return -1;
  };
  /** What may come next: a value, a key, the colon after a key, or a comma or the container's close. */
  let expect: 'value' | 'key' | 'colon' | 'next' = 'value';
  /** Just after `[` or `{`: the container may close at once. */
  let empty = false;
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (isJsonSpace(ch)) {
      i++;
      continue;
    }
    const top = open.at(-1);
    const closer = top === undefined ? '' : top.array ? ']' : '}';
    if (ch === closer && (expect === 'next' || (empty && expect !== 'colon'))) {
      ends[open.pop()!.at] = ++i;
      if (open.length === 0) return i;
      expect = 'next';
      empty = false;
      continue;
    }
    empty = false;
    if (expect === 'next') {
      if (ch !== ',') return fail();
      expect = open.at(-1)!.array ? 'value' : 'key';
      i++;
    } else if (expect === 'colon') {
      if (ch !== ':') return fail();
      expect = 'value';
      i++;
    } else if (expect === 'key') {
      i = ch === '"' ? jsonStringEnd(text, i) : -1;
      if (i < 0) return fail();
      expect = 'colon';
    } else if ((ch === '[' || ch === '{') && ends[i] !== 0) {
      // A container an earlier scan settled.
      if (ends[i]! < 0) return fail();
      i = ends[i]!;
      expect = 'next';
    } else if (ch === '[' || ch === '{') {
      open.push({ at: i, array: ch === '[' });
      expect = ch === '[' ? 'value' : 'key';
      empty = true;
      i++;
    } else {
      i = jsonScalarEnd(text, i);
      if (i < 0) return fail();
      expect = 'next';
    }
  }
  return fail();
}

/**
 * Every JSON value a text (a model's reply) writes with `opener` ('[' for arrays, '{' for objects), in
 * order, parsed with JSON.parse and nothing repaired, that `accept` takes. Code fences and prose around
 * it are skipped without special cases: a bracketed aside in prose is not JSON, so the search moves on
 * to the next opener. A value accepted is skipped whole; one not accepted is searched inside, so
 * `{"answer": {"gold": [...]}}` can still yield the inner object.
 *
 * Linear in the text's length: matching brackets and trying JSON.parse from each opener in turn read
 * the rest of the text again from every one of them, quadratic in a reply of many brackets.
 */
export function findJsonValues<T>(
  text: string,
  opener: '[' | '{',
  accept: (value: unknown) => value is T,
): T[] {
  const found: T[] = [];
  const ends = new Int32Array(text.length);
  for (let i = text.indexOf(opener); i >= 0;) {
    const end = ends[i] !== 0 ? ends[i]! : containerEnd(text, i, ends);
    let next = i + 1;
    if (end > 0) {
      let value: unknown;
      try {
        value = JSON.parse(text.slice(i, end));
      } catch {
        // The scan follows JSON's grammar; should the parser still refuse, the text is only skipped.
      }
      if (value !== undefined && accept(value)) {
        found.push(value);
        next = end;
      }
    }
    i = text.indexOf(opener, next);
  }
  return found;
}

/**
 * A small scanner for the JSON that models write inside prose: where a bracketed region ends, and how to
 * turn pseudo-JSON (single quotes, trailing commas, bare keys, Python literals) into JSON.
 *
 * A quote closes a string only when what follows can follow a string in JSON (`,` `:` `]` `}` or the end),
 * so an apostrophe inside 'the man's hat', or an unescaped quote inside a reason, does not end it early.
 */

const AFTER_STRING = /\s*(?:[,:\]}]|$)/y;
/** Where a single-quoted string may open: after one of these, or at the start of the region. */
const VALUE_START = new Set(['', '[', '{', ',', ':']);

/** Index just past the string that opens at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
    } else if (c === quote) {
      AFTER_STRING.lastIndex = i + 1;
      if (AFTER_STRING.test(text)) return i + 1;
    }
  }
  return -1;
}

function opensString(c: string, previous: string): boolean {
  return c === '"' || (c === "'" && VALUE_START.has(previous));
}

/** End (exclusive) of the bracketed region that opens at `start`, or -1 when the text ends inside it. */
export function balancedEnd(text: string, start: number): number {
  let depth = 0;
  let previous = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (opensString(c, previous)) {
      const end = stringEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
      previous = c;
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) return i + 1;
    }
    if (!/\s/.test(c)) previous = c;
  }
  return -1;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };

function decodeStringBody(body: string): string {
  return body.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) =>
    e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}

const LITERALS = new Map([
  ['true', 'true'],
  ['false', 'false'],
  ['null', 'null'],
  ['True', 'true'],
  ['False', 'false'],
  ['None', 'null'],
]);
const WORD = /[A-Za-z_][\w-]*/y;
const KEY_FOLLOWS = /\s*:/y;

/**
 * JSON text for a pseudo-JSON region: every string re-quoted with JSON's rules, bare keys and bare
 * words quoted, Python's True/False/None mapped, trailing commas dropped. Valid JSON comes back equivalent.
 */
export function repairPseudoJson(region: string): string {
  let out = '';
  // A comma and the whitespace after it wait here until the next token shows whether the comma trails
  // (before `]` or `}`: dropped) or separates (kept). Trimming it off `out` at each closing bracket
  // instead searched the whole output each time: quadratic time in a region of many brackets.
  let comma = '';
  const emit = (text: string): void => {
    out += comma + text;
    comma = '';
  };
  let previous = '';
  for (let i = 0; i < region.length; i++) {
    const c = region[i]!;
    if (opensString(c, previous)) {
      const end = stringEnd(region, i);
      const body = end < 0 ? region.slice(i + 1) : region.slice(i + 1, end - 1);
      emit(JSON.stringify(decodeStringBody(body)));
      if (end < 0) break;
      i = end - 1;
      previous = c;
      continue;
    }
    // Inside a word a new one never starts: reading the rest of the word at each of its letters, only
    // to reject it, took time quadratic in the word's length.
    if (!/[\w-]/.test(region[i - 1] ?? '')) {
      WORD.lastIndex = i;
      const word = WORD.exec(region)?.[0];
      if (word !== undefined) {
        KEY_FOLLOWS.lastIndex = i + word.length;
        // A bare key or a bare word value (`score: yes`) becomes a string; literals map to JSON's.
        emit(KEY_FOLLOWS.test(region) ? JSON.stringify(word) : (LITERALS.get(word) ?? JSON.stringify(word)));
        i += word.length - 1;
        previous = word.at(-1)!;
        continue;
      }
    }
    if (c === ']' || c === '}') comma = '';
    if (c === ',') {
      out += comma;
      comma = c;
    } else if (comma !== '' && /\s/.test(c)) {
      comma += c;
    } else {
      emit(c);
    }
    if (!/\s/.test(c)) previous = c;
  }
  return out + comma;
}

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

/** What a scan knows of the containers it has met, by where each opens. */
interface Settled {
  /** Index just past each container, -1 where none opens (as JSON.parse reads one), 0 while unknown. */
  ends: Int32Array;
  /** Each closed container's value, as JSON.parse would give it. */
  values: Map<number, unknown>;
}

/** A container still open: where it starts, the value it is building and, in an object, the key awaiting its value. */
interface Open {
  at: number;
  value: unknown[] | Record<string, unknown>;
  key: string;
}

/** Adds a member to the innermost open container. */
function addTo(container: Open, value: unknown): void {
  if (Array.isArray(container.value)) container.value.push(value);
  // Defined, not assigned: a "__proto__" key is an own property to JSON.parse, not the prototype.
  else
    Object.defineProperty(container.value, container.key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
}

/** The value of the number, literal or string from `start` to `end`. */
function scalarValue(text: string, start: number, end: number): unknown {
  const token = text.slice(start, end);
  if (token === 'true') return true;
  if (token === 'false') return false;
  if (token === 'null') return null;
  return token.startsWith('"') ? JSON.parse(token) : Number(token);
}

/**
 * Index just past the JSON array or object that opens at `start`, or -1 when none (as JSON.parse reads
 * one) opens there. Builds its value on the way, as JSON.parse would, and keeps end and value for every
 * container it closes, so a container met again, nested in a later scan or as the next start, costs one
 * step and is not parsed again. A container still open where a scan fails fails there too, since
 * everything from its opening on was read as its content. The scan keeps its own stack, so deep
 * nesting cannot overflow the call stack.
 */
function containerEnd(text: string, start: number, settled: Settled): number {
  const { ends, values } = settled;
  const open: Open[] = [];
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
    const closer = top === undefined ? '' : Array.isArray(top.value) ? ']' : '}';
    if (ch === closer && (expect === 'next' || (empty && expect !== 'colon'))) {
      const closed = open.pop()!;
      ends[closed.at] = ++i;
      values.set(closed.at, closed.value);
      if (open.length === 0) return i;
      addTo(open.at(-1)!, closed.value);
      expect = 'next';
      empty = false;
      continue;
    }
    empty = false;
    if (expect === 'next') {
      if (ch !== ',') return fail();
      expect = Array.isArray(open.at(-1)!.value) ? 'value' : 'key';
      i++;
    } else if (expect === 'colon') {
      if (ch !== ':') return fail();
      expect = 'value';
      i++;
    } else if (expect === 'key') {
      const keyEnd = ch === '"' ? jsonStringEnd(text, i) : -1;
      if (keyEnd < 0) return fail();
      open.at(-1)!.key = JSON.parse(text.slice(i, keyEnd)) as string;
      i = keyEnd;
      expect = 'colon';
    } else if ((ch === '[' || ch === '{') && ends[i] !== 0) {
      // A container an earlier scan settled.
      if (ends[i]! < 0) return fail();
      addTo(top!, values.get(i));
      i = ends[i]!;
      expect = 'next';
    } else if (ch === '[' || ch === '{') {
      open.push({ at: i, value: ch === '[' ? [] : {}, key: '' });
      expect = ch === '[' ? 'value' : 'key';
      empty = true;
      i++;
    } else {
      const scalarEnd = jsonScalarEnd(text, i);
      if (scalarEnd < 0 || top === undefined) return fail();
      addTo(top, scalarValue(text, i, scalarEnd));
      i = scalarEnd;
      expect = 'next';
    }
  }
  return fail();
}

/**
 * Every JSON value a text (a model's reply) writes with `opener` ('[' for arrays, '{' for objects), in
 * order, read as JSON.parse reads it and nothing repaired, that `accept` takes. Code fences and prose
 * around it are skipped without special cases: a bracketed aside in prose is not JSON, so the search
 * moves on to the next opener. A value accepted is skipped whole; one not accepted is searched inside,
 * so `{"answer": {"gold": [...]}}` can still yield the inner object.
 *
 * Linear in the text's length. Matching brackets and trying JSON.parse from each opener in turn read
 * the rest of the text again from every one of them, quadratic in a reply of many brackets; so did
 * parsing each container of a value not accepted again, in a reply of deeply nested objects. Values
 * found inside one not accepted are parts of it, not copies.
 */
export function findJsonValues<T>(
  text: string,
  opener: '[' | '{',
  accept: (value: unknown) => value is T,
): T[] {
  const found: T[] = [];
  const settled: Settled = { ends: new Int32Array(text.length), values: new Map() };
  for (let i = text.indexOf(opener); i >= 0;) {
    const end = settled.ends[i] !== 0 ? settled.ends[i]! : containerEnd(text, i, settled);
    let next = i + 1;
    if (end > 0) {
      const value = settled.values.get(i);
      if (accept(value)) {
        found.push(value);
        next = end;
      }
    }
    i = text.indexOf(opener, next);
  }
  return found;
}

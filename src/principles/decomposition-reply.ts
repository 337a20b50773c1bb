import {
  CATEGORIES,
  normalizeCategory,
  repeatedQuestions,
  splitThinking,
  type Category,
} from '../core/index.js';
import { checkDistribution } from './distribution.js';

export type ReplyReading =
  { ok: true; principles: { question: string; category: Category }[] } | { ok: false; problems: string[] };

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
 * Index just past the JSON array that opens at `start`, or -1 when none (as JSON.parse reads one) opens
 * there. `ends` keeps that answer for every array a scan opens (0 while unknown), so an array met again,
 * nested in a later scan or as the next start, costs one step. Matching brackets and trying JSON.parse
 * from each bracket in turn read the rest of the reply again from every one of them: quadratic time in
 * a reply of many brackets. The scan keeps its own stack, so deep nesting cannot overflow the call stack.
 */
function jsonArrayEnd(text: string, start: number, ends: Int32Array): number {
  /** Open containers: the start of each array, -1 for each object. */
  const open: number[] = [];
  const fail = (): number => {
    for (const at of open) if (at >= 0) ends[at] = -1;
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
    const closer = top === undefined ? '' : top >= 0 ? ']' : '}';
    if (ch === closer && (expect === 'next' || (empty && expect !== 'colon'))) {
      const at = open.pop()!;
      i++;
      if (at >= 0) ends[at] = i;
      if (open.length === 0) return i;
      expect = 'next';
      empty = false;
      continue;
    }
    empty = false;
    if (expect === 'next') {
      if (ch !== ',') return fail();
      expect = open.at(-1)! >= 0 ? 'value' : 'key';
      i++;
    } else if (expect === 'colon') {
      if (ch !== ':') return fail();
      expect = 'value';
      i++;
    } else if (expect === 'key') {
      i = ch === '"' ? jsonStringEnd(text, i) : -1;
      if (i < 0) return fail();
      expect = 'colon';
    } else if (ch === '[' && ends[i] !== 0) {
      // An array an earlier scan settled.
      if (ends[i]! < 0) return fail();
      i = ends[i]!;
      expect = 'next';
    } else if (ch === '[' || ch === '{') {
      open.push(ch === '[' ? i : -1);
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
 * Every top-level JSON array in a model's reply, in order. Code fences and prose around the array are
 * skipped without special cases: a fence holds no brackets, and a bracketed aside in prose does not
 * parse as JSON, so scanning moves past it.
 */
export function findJsonArrays(text: string): unknown[][] {
  const found: unknown[][] = [];
  const ends = new Int32Array(text.length);
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) {
    const end = ends[i] !== 0 ? ends[i]! : jsonArrayEnd(text, i, ends);
    if (end < 0) continue;
    try {
      const value: unknown = JSON.parse(text.slice(i, end));
      if (Array.isArray(value)) {
        found.push(value);
        i = end - 1;
      }
    } catch {
      // not JSON after all: keep scanning from the next bracket
    }
  }
  return found;
}

/** One item of the array: an object with a non-empty string question and a category we recognise. */
function readItem(
  item: unknown,
  index: number,
  problems: string[],
): { question: string; category: Category } | undefined {
  const where = `item ${index + 1}`;
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    problems.push(`${where} is not an object with "question" and "category"`);
    return undefined;
  }
  const { question, category } = item as Record<string, unknown>;
  if (typeof question !== 'string' || question.trim() === '') {
    problems.push(`${where} has no non-empty "question" string`);
    return undefined;
  }
  const normalized = typeof category === 'string' ? normalizeCategory(category) : undefined;
  if (normalized === undefined) {
    problems.push(
      `${where} has category ${JSON.stringify(category)}, which is not one of ${CATEGORIES.join(', ')}`,
    );
    return undefined;
  }
  return { question: question.trim(), category: normalized };
}

/**
 * Reads a decomposer model's reply: exactly one JSON array (two identical copies count as one) of
 * {question, category} items that meets the target distribution. Strict about content, tolerant of
 * fences and prose; every problem is phrased so that it can be sent back as a correction. A reasoning
 * model's answer is what follows its thinking: drafts inside the <think> block are not read.
 */
export function readDecompositionReply(text: string, finishReason?: string): ReplyReading {
  const { answer, unfinished } = splitThinking(text);
  if (unfinished) {
    return {
      ok: false,
      problems: [
        'your reply ended inside its <think> block, before the JSON array; think briefly, then give the array',
      ],
    };
  }
  const arrays = findJsonArrays(answer);
  let distinct: string[];
  try {
    distinct = [...new Set(arrays.map((a) => JSON.stringify(a)))];
  } catch (error) {
    // JSON.parse reads nesting of any depth; JSON.stringify recurses, and overflows the stack on it.
    if (!(error instanceof RangeError)) throw error;
    return {
      ok: false,
      problems: ['your reply holds a JSON array nested too deeply to read; give one flat array of objects'],
    };
  }
  if (distinct.length === 0) {
    const cutOff = finishReason === 'length' ? ' (the reply was cut off at the token limit)' : '';
    return { ok: false, problems: [`your reply contains no complete JSON array${cutOff}`] };
  }
  if (distinct.length > 1) {
    return {
      ok: false,
      problems: [`your reply contains ${distinct.length} different JSON arrays; give exactly one`],
    };
  }
  const items = arrays[0]!;
  const problems: string[] = [];
  const principles = items.flatMap((item, i) => readItem(item, i, problems) ?? []);
  if (problems.length > 0) return { ok: false, problems };
  // PrincipleListSchema would refuse the list; the model is asked to correct it instead.
  for (const { index, earlier } of repeatedQuestions(principles)) {
    problems.push(`item ${index + 1} asks the same question as item ${earlier + 1}; ask each question once`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const report = checkDistribution(principles);
  return report.problems.length > 0 ? { ok: false, problems: report.problems } : { ok: true, principles };
}

import { CATEGORIES, normalizeCategory, splitThinking, type Category } from '../core/index.js';
import { checkDistribution } from './distribution.js';

export type ReplyReading =
  { ok: true; principles: { question: string; category: Category }[] } | { ok: false; problems: string[] };

/** End of the balanced bracket that opens at `start`, skipping brackets inside JSON strings; -1 if none. */
function closingBracket(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '[') depth++;
    else if (ch === ']' && --depth === 0) return i;
  }
  return -1;
}

/**
 * Every top-level JSON array in a model's reply, in order. Code fences and prose around the array are
 * skipped without special cases: a fence holds no brackets, and a bracketed aside in prose does not
 * parse as JSON, so scanning moves past it.
 */
export function findJsonArrays(text: string): unknown[][] {
  const found: unknown[][] = [];
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) {
    const end = closingBracket(text, i);
    if (end === -1) continue;
    try {
      const value: unknown = JSON.parse(text.slice(i, end + 1));
      if (Array.isArray(value)) {
        found.push(value);
        i = end;
      }
    } catch {
      // not JSON: keep scanning from the next bracket
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
  const distinct = [...new Set(arrays.map((a) => JSON.stringify(a)))];
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
  const report = checkDistribution(principles);
  return report.problems.length > 0 ? { ok: false, problems: report.problems } : { ok: true, principles };
}

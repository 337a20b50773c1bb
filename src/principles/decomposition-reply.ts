import {
  CATEGORIES,
  findJsonValues,
  normalizeCategory,
  repeatedQuestions,
  splitThinking,
  type Category,
} from '../core/index.js';
import { checkDistribution } from './distribution.js';

export type ReplyReading =
  { ok: true; principles: { question: string; category: Category }[] } | { ok: false; problems: string[] };

/**
 * Every top-level JSON array in a model's reply, in order (see findJsonValues): code fences and prose
 * around the array are skipped, and a bracketed aside in prose is not JSON.
 */
export function findJsonArrays(text: string): unknown[][] {
  return findJsonValues(text, '[', (value): value is unknown[] => Array.isArray(value));
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

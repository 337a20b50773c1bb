import type { Box } from '../core/index.js';
import { balancedEnd, repairPseudoJson } from './json-scan.js';
import type { ParseContext } from './parse-context.js';
import { excerpt } from './parse-context.js';

/** One per-principle entry as the model wrote it, before it is matched to a principle. */
export interface ReportedPoint {
  question: string;
  score: 0 | 1 | null;
  reason?: string;
  box?: Box;
}

/** Key spellings models use, compared lower-cased with spaces and dashes as underscores. */
const QUESTION_KEYS = ['question', 'principle', 'q'];
const SCORE_KEYS = ['score', 'answer', 'result', 'satisfied', 'pass', 'passed', 'verdict'];
const REASON_KEYS = ['reason', 'explanation', 'rationale', 'justification'];
const BOX_KEYS = ['box', 'bbox', 'bounding_box', 'boundingbox'];
const WORD_SCORES = new Map<string, 0 | 1>([
  ['yes', 1],
  ['no', 0],
  ['true', 1],
  ['false', 0],
]);

type Item = Record<string, unknown>;

const isItem = (value: unknown): value is Item =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

type Fields = [key: string, value: unknown][];

/** The item's entries in order, keys lower-cased with spaces and dashes as underscores. */
const fieldsOf = (item: Item): Fields =>
  Object.entries(item).map(([key, value]) => [key.toLowerCase().replace(/[\s-]/g, '_'), value]);

/** The value of the item's first key spelled as one of `keys`. */
function field(fields: Fields, keys: readonly string[]): unknown {
  return fields.find(([key]) => keys.includes(key))?.[1];
}

/** 0 or 1; also "0"/"1", true/false, yes/no unless strict. Anything else (0.5, "maybe") stays unscored. */
function readScore(value: unknown, question: string, ctx: ParseContext): 0 | 1 | null {
  if (value === 0 || value === 1) return value;
  let coerced: 0 | 1 | undefined;
  if (typeof value === 'boolean') coerced = value ? 1 : 0;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    coerced = word === '0' || word === '1' ? (Number(word) as 0 | 1) : WORD_SCORES.get(word);
  }
  if (coerced !== undefined) {
    if (ctx.strict)
      ctx.fail(`the score ${JSON.stringify(value)} for "${excerpt(question)}": strict mode wants 0 or 1`);
    return coerced;
  }
  ctx.warnings.push(
    value === undefined
      ? `no score given for "${excerpt(question)}": left unscored`
      : `the score ${JSON.stringify(value)} for "${excerpt(question)}" is not 0 or 1: left unscored`,
  );
  return null;
}

const isCorners = (value: unknown): value is [number, number, number, number] =>
  Array.isArray(value) &&
  value.length === 4 &&
  value.every((v) => typeof v === 'number' && Number.isFinite(v));

/** [x0, y0, x1, y1], the first of several such boxes, or {x0, y0, x1, y1}. */
function readBox(value: unknown, question: string, ctx: ParseContext): Box | undefined {
  if (value === undefined || value === null) return undefined;
  const corners = isCorners(value)
    ? value
    : Array.isArray(value) && isCorners(value[0])
      ? value[0]
      : undefined;
  if (corners) return { x0: corners[0], y0: corners[1], x1: corners[2], y1: corners[3] };
  if (isItem(value) && isCorners([value.x0, value.y0, value.x1, value.y1])) {
    return { x0: value.x0 as number, y0: value.y0 as number, x1: value.x1 as number, y1: value.y1 as number };
  }
  ctx.warnings.push(
    `ignored the box ${excerpt(JSON.stringify(value))} for "${excerpt(question)}": not [x0, y0, x1, y1]`,
  );
  return undefined;
}

function readPoint(item: Item, ctx: ParseContext): ReportedPoint | undefined {
  const fields = fieldsOf(item);
  const question = field(fields, QUESTION_KEYS);
  if (typeof question !== 'string' || question.trim() === '') return undefined;
  const point: ReportedPoint = { question, score: readScore(field(fields, SCORE_KEYS), question, ctx) };
  const reason = field(fields, REASON_KEYS);
  if (typeof reason === 'string' && reason.trim() !== '') point.reason = reason.trim();
  const box = readBox(field(fields, BOX_KEYS), question, ctx);
  if (box) point.box = box;
  return point;
}

/** The region as JSON; repaired pseudo-JSON in tolerant mode; undefined when it is no JSON at all. */
function parseRegion(region: string, ctx: ParseContext): unknown {
  try {
    return JSON.parse(region);
  } catch (error) {
    const looksLikePoints = /question|principle/i.test(region);
    if (ctx.strict && looksLikePoints) {
      ctx.fail(
        `the per-principle list is not valid JSON (${(error as Error).message}): strict mode does no repairs`,
      );
    }
    try {
      const value: unknown = JSON.parse(repairPseudoJson(region));
      if (looksLikePoints) ctx.warnings.push('repaired pseudo-JSON in the per-principle list');
      return value;
    } catch {
      if (looksLikePoints) ctx.warnings.push(`skipped a list that is not JSON: ${excerpt(region)}`);
      return undefined;
    }
  }
}

/**
 * The per-principle list: the last JSON array of objects carrying a question, found anywhere in the
 * answer (fenced or bare, alone or beside the average). Undefined when the answer has none.
 */
export function extractPointList(answer: string, ctx: ParseContext): ReportedPoint[] | undefined {
  const lists: Item[][] = [];
  for (let i = answer.indexOf('['); i >= 0; i = answer.indexOf('[', i + 1)) {
    if (!/^\[\s*\{/.test(answer.slice(i, i + 64))) continue;
    const end = balancedEnd(answer, i);
    if (end < 0) {
      ctx.warnings.push(`the per-principle list never closes: ${excerpt(answer.slice(i))}`);
      break;
    }
    const value = parseRegion(answer.slice(i, end), ctx);
    if (
      Array.isArray(value) &&
      value.some((v) => isItem(v) && field(fieldsOf(v), QUESTION_KEYS) !== undefined)
    ) {
      lists.push(value.filter(isItem));
    }
    i = end - 1;
  }
  const chosen = lists.at(-1);
  if (!chosen) return undefined;
  if (lists.length > 1 && new Set(lists.map((l) => JSON.stringify(l))).size > 1) {
    if (ctx.strict)
      ctx.fail(`the reply has ${lists.length} different per-principle lists: strict mode refuses to choose`);
    ctx.warnings.push(`the reply has ${lists.length} different per-principle lists; used the last`);
  }
  return chosen.map((item) => readPoint(item, ctx)).filter((p): p is ReportedPoint => p !== undefined);
}

import { normalizeQuestion, type PointVerdict, type Principle } from '../core/index.js';
import type { ReportedPoint } from './extract-point-list.js';
import type { ParseContext } from './parse-context.js';
import { excerpt } from './parse-context.js';

const quoted = (points: readonly { question: string }[]) =>
  points.map((p) => `"${excerpt(p.question, 40)}"`).join(', ');

/**
 * One verdict per principle, in the principles' order. Reported points are matched by normalised question
 * text; when the reply has exactly as many points as there are principles, those left over are paired by
 * position (tolerant mode only: strict mode calls that ambiguous). Unmatched principles get score null.
 */
export function matchPoints(
  principles: readonly Principle[],
  reported: readonly ReportedPoint[],
  ctx: ParseContext,
): PointVerdict[] {
  const keys = principles.map((p) => normalizeQuestion(p.question));
  const assigned: (ReportedPoint | undefined)[] = principles.map(() => undefined);
  const leftovers: ReportedPoint[] = [];
  for (const point of reported) {
    const key = normalizeQuestion(point.question);
    const free = keys.findIndex((k, i) => k === key && assigned[i] === undefined);
    if (free >= 0) {
      assigned[free] = point;
      continue;
    }
    const taken = keys.indexOf(key);
    if (taken < 0) {
      leftovers.push(point);
    } else if (assigned[taken]!.score !== point.score) {
      const message = `the reply scores "${excerpt(point.question)}" twice, differently`;
      if (ctx.strict) ctx.fail(`${message}: strict mode refuses to choose`);
      ctx.warnings.push(`${message}; kept the first`);
    }
  }
  const open = assigned.flatMap((a, i) => (a === undefined ? [i] : []));
  if (leftovers.length > 0 && reported.length === principles.length && leftovers.length === open.length) {
    if (ctx.strict) {
      ctx.fail(
        `points ${quoted(leftovers)} match no principle by text: strict mode does not pair them by position`,
      );
    }
    ctx.warnings.push(`matched ${leftovers.length} point(s) by position: ${quoted(leftovers)}`);
    open.forEach((slot, k) => (assigned[slot] = leftovers[k]));
  } else if (leftovers.length > 0) {
    ctx.warnings.push(`ignored point(s) that match no principle: ${quoted(leftovers)}`);
  }
  const missing = principles.filter((_, i) => assigned[i] === undefined);
  if (missing.length > 0)
    ctx.warnings.push(`no score for ${missing.length} principle(s): ${quoted(missing)}`);
  return principles.map((principle, i) => {
    const point = assigned[i];
    const verdict: PointVerdict = {
      question: principle.question,
      category: principle.category,
      score: point?.score ?? null,
    };
    if (point?.reason !== undefined) verdict.reason = point.reason;
    if (point?.box !== undefined) verdict.box = point.box;
    return verdict;
  });
}

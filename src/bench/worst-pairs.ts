import type { BenchPairResult } from './types.js';

export type JudgedPair = Extract<BenchPairResult, { status: 'ok' }>;

/** How far the judge ranked a pair the wrong way: rejected score minus preferred score (0 for a tie). */
export function wrongWayGap(pair: JudgedPair): number {
  const { score: a } = pair.judgedA;
  const { score: b } = pair.judgedB;
  return pair.preference === 'a' ? b - a : a - b;
}

/**
 * The a/b pairs the judge got wrong (ties included: strictly, a tie is wrong), the largest wrong-way
 * score gap first, ties of gap broken by id so a report is stable across runs.
 */
export function worstJudgedPairs(pairs: readonly BenchPairResult[], count = 12): JudgedPair[] {
  return pairs
    .filter((p): p is JudgedPair => p.status === 'ok' && p.preference !== 'same' && wrongWayGap(p) >= 0)
    .sort((p, q) => wrongWayGap(q) - wrongWayGap(p) || (p.id < q.id ? -1 : p.id > q.id ? 1 : 0))
    .slice(0, count);
}

import { UsageError, type Category, type Verdict } from '../core/index.js';

export interface VieScore {
  /** Semantic consistency, 0-10. */
  sc: number;
  /** Perceptual quality, 0-10. */
  pq: number;
  /** Overall: sqrt(SC * PQ), 0-10. */
  o: number;
}

function checkedMin(name: string, values: readonly number[]): number {
  if (values.length === 0) throw new UsageError(`VIEScore needs at least one ${name} sub-score`);
  for (const v of values) {
    if (!(v >= 0 && v <= 10)) throw new UsageError(`VIEScore sub-scores are 0-10, got ${name} ${v}`);
  }
  return Math.min(...values);
}

/**
 * VIEScore from its sub-scores (0-10 each): SC = the least of the semantic ones (instruction success,
 * over-editing), PQ = the least of the perceptual ones (naturalness, artefacts), O = sqrt(SC * PQ).
 * The minimum: an edit is only as consistent, or as clean, as its weakest aspect.
 */
export function vieScore(subScores: { sc: readonly number[]; pq: readonly number[] }): VieScore {
  const sc = checkedMin('SC', subScores.sc);
  const pq = checkedMin('PQ', subScores.pq);
  return { sc, pq, o: Math.sqrt(sc * pq) };
}

/** Share of a category's verified points that are satisfied, x 10; null when none was verified. */
function categoryScore(verdict: Verdict, category: Category): number | null {
  const scored = verdict.points.filter((p) => p.category === category && p.score !== null);
  if (scored.length === 0) return null;
  return (10 * scored.filter((p) => p.score === 1).length) / scored.length;
}

/**
 * VIEScore read off one of our verdicts: SC = 10 x the share of instruction-following points satisfied,
 * PQ = 10 x the share of image-quality points satisfied (unverified points, score null, left out), and
 * O = sqrt(SC * PQ). Feature-preservation points are in neither: VIEScore's over-editing sub-score has
 * no one-to-one counterpart, and the mapping stays the simple one. Null when either category has no
 * verified point (the embedded judge may verify none): no score is made up for it.
 */
export function vieScoreFromVerdict(verdict: Verdict): VieScore | null {
  const sc = categoryScore(verdict, 'instruction-following');
  const pq = categoryScore(verdict, 'image-quality');
  if (sc === null || pq === null) return null;
  return vieScore({ sc: [sc], pq: [pq] });
}

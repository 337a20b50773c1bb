import type { PointVerdict } from '../../core/index.js';
import { UsageError } from '../../core/index.js';
import type { GoldLabel } from '../types.js';

export interface TraceScores {
  /** One per principle, in the principles' (and gold's) order. */
  points: readonly Pick<PointVerdict, 'score'>[];
  averageScore: number | null;
}

export interface Selection {
  /** Index of the kept trace. */
  index: number;
  /** Its accuracy against gold. */
  accuracy: number;
  /** Every trace's accuracy, in the traces' order. */
  accuracies: number[];
}

/**
 * Averages that differ by less than this are equally close to gold: 2/3 and 1/3 are both 1/6 from 0.5,
 * though floating point puts them 6e-17 apart.
 */
const CLOSENESS_TIE = 1e-9;

/** Share of principles where the trace's 0/1 equals gold; an unscored point (null) is a miss. */
function accuracyOf(gold: readonly GoldLabel[], trace: TraceScores, index: number): number {
  if (trace.points.length !== gold.length) {
    throw new UsageError(`trace ${index} has ${trace.points.length} points for ${gold.length} gold labels`);
  }
  return trace.points.filter((p, i) => p.score === gold[i]!.gold).length / gold.length;
}

/**
 * PAPER.md 3.6, deterministic: the most accurate trace against gold; among equally accurate ones, the
 * one whose averageScore is closest to the gold average (the share of gold 1s; a trace with no average is
 * farthest); then the lowest index.
 */
export function selectTrace(gold: readonly GoldLabel[], traces: readonly TraceScores[]): Selection {
  if (gold.length === 0) throw new UsageError('selectTrace needs gold labels for at least one principle');
  if (traces.length === 0) throw new UsageError('selectTrace needs at least one trace to choose from');
  const accuracies = traces.map((trace, i) => accuracyOf(gold, trace, i));
  const goldAverage = gold.filter((g) => g.gold === 1).length / gold.length;
  const distance = traces.map((t) =>
    t.averageScore === null ? Number.POSITIVE_INFINITY : Math.abs(t.averageScore - goldAverage),
  );
  let best = 0;
  for (let i = 1; i < traces.length; i++) {
    // Accuracies share one denominator, so equal counts give exactly equal shares.
    const better =
      accuracies[i]! > accuracies[best]! ||
      (accuracies[i] === accuracies[best] && distance[i]! < distance[best]! - CLOSENESS_TIE);
    if (better) best = i;
  }
  return { index: best, accuracy: accuracies[best]!, accuracies };
}

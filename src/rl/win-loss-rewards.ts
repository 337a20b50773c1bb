import { UsageError } from '../core/index.js';

/** The GCPO rewards of one preference pair: one per sampled trace of each image. */
export interface WinLossRewards {
  /** r_w[j]: the share of the loser's N traces that trace j of the winner scores strictly above. */
  winner: number[];
  /** r_l[j]: the share of the winner's N traces that score strictly above trace j of the loser. */
  loser: number[];
}

/**
 * PAPER.md section 4, for a pair (winner w, loser l) each scored by N sampled traces:
 *
 *     r_w[j] = (1/N) * sum_k 1[ tau_w[j] > tau_l[k] ]
 *     r_l[j] = (1/N) * sum_k 1[ tau_l[j] < tau_w[k] ]
 *
 * Both comparisons are strict, so a tie earns nothing, yet it stays in the denominator N. The loser's
 * reward is the formula's reading (a loser trace is rewarded for scoring below the winner's traces),
 * not the paper's prose, which would reward mis-ranking.
 *
 * Scores must be finite: what an unparsable trace is worth is the trainer's decision, made before
 * this point, never a number invented here.
 */
export function winLossRewards(
  winnerScores: ArrayLike<number>,
  loserScores: ArrayLike<number>,
): WinLossRewards {
  const n = winnerScores.length;
  if (n === 0 || loserScores.length !== n) {
    throw new UsageError(
      `win/loss rewards need N >= 1 traces for each image of the pair, the same N for both; got ` +
        `${n} for the winner and ${loserScores.length} for the loser`,
    );
  }
  const winner = Array.from(winnerScores);
  const loser = Array.from(loserScores);
  for (const [name, scores] of [
    ['winner', winner],
    ['loser', loser],
  ] as const) {
    const bad = scores.findIndex((s) => !Number.isFinite(s));
    if (bad >= 0) {
      throw new UsageError(`${name} score ${bad} is ${scores[bad]}: give every trace a finite score`);
    }
  }
  const share = (count: number): number => count / n;
  return {
    winner: winner.map((w) => share(loser.filter((l) => w > l).length)),
    loser: loser.map((l) => share(winner.filter((w) => l < w).length)),
  };
}

import { mean } from './moments.js';
import type { WinLossRewards } from './win-loss-rewards.js';

/** GCPO advantages of one preference pair: one per trace, for the winner's and the loser's group. */
export interface GcpoAdvantages {
  winner: number[];
  loser: number[];
}

/** Each value minus the mean of all of them, so they sum to zero (up to rounding). */
export function meanCentred(values: readonly number[]): number[] {
  const m = mean(values);
  return values.map((v) => v - m);
}

/**
 * PAPER.md section 4: A_w[j] = r_w[j] - mean_j r_w and A_l[j] = r_l[j] - mean_j r_l. Each image's N
 * traces form a group; advantages are centred within it and, unlike GRPO, never divided by a standard
 * deviation (a pair whose traces all tie gets advantage 0, not a blown-up ratio of rounding errors).
 */
export function gcpoAdvantages(rewards: WinLossRewards): GcpoAdvantages {
  return { winner: meanCentred(rewards.winner), loser: meanCentred(rewards.loser) };
}

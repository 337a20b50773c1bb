import { winLossRewards, type WinLossRewards } from '../win-loss-rewards.js';

/**
 * winLossRewards for traces some of which could not be parsed (score null). Such a trace earns 0 in
 * its own group and counts as nothing for the other side: a winner trace never beats it, a loser
 * trace is never below it. That is winLossRewards with an unparsed winner score put at -MAX_VALUE
 * (beats nothing, is above no loser trace) and an unparsed loser score at +MAX_VALUE (is beaten by
 * nothing, is below no winner trace): strict comparisons do the rest, and no score is invented for
 * any parsed trace's reward.
 */
export function gcpoPairRewards(
  winnerScores: readonly (number | null)[],
  loserScores: readonly (number | null)[],
): WinLossRewards {
  return winLossRewards(
    winnerScores.map((s) => s ?? -Number.MAX_VALUE),
    loserScores.map((s) => s ?? Number.MAX_VALUE),
  );
}

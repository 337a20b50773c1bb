import type { Preference } from '../../core/index.js';
import { sampleWithoutReplacement, UsageError } from '../../core/index.js';
import { gcpoAdvantages } from '../gcpo-advantages.js';
import { gcpoPairRewards } from './gcpo-pair-rewards.js';
import { runTraining, type TrainerOptions, type TrainResult } from './train-loop.js';

/** A preference pair as in pairs.jsonl: the policy's inputs for edits a and b, and which was preferred. */
export interface GcpoPair<I> {
  a: I;
  b: I;
  preference: Preference;
}

/** The final score a trace gives (the paper's Phi), or null when it cannot be parsed. */
export type TraceScore<I, A> = (input: I, action: A) => number | null;

export interface GcpoOptions<I, A> extends TrainerOptions<I, A> {
  pairs: readonly GcpoPair<I>[];
  /** Pairs per step, drawn without replacement from the pairs that have a winner. */
  pairsPerStep: number;
  /** Traces sampled per image of a pair: N. */
  traces: number;
  score: TraceScore<I, A>;
}

/**
 * GCPO (PAPER.md section 4): per pair, N traces of the winner's edit and N of the loser's, scored,
 * win/loss ratio rewards, advantages centred within each image's group without std division, then
 * the clipped surrogate aggregated 'seq-mean-token-mean' (the paper's 1/(2N) sum_j 1/T sum_t) and no
 * KL term. Pairs judged 'same' are left out, as the paper drops them.
 */
export async function trainGcpo<I, A>(options: GcpoOptions<I, A>): Promise<TrainResult> {
  const { policy, traces, pairsPerStep, score } = options;
  const ranked = options.pairs.filter((p) => p.preference !== 'same');
  if (!Number.isInteger(pairsPerStep) || pairsPerStep < 1 || pairsPerStep > ranked.length) {
    throw new UsageError(
      `pairsPerStep ${pairsPerStep} must be an integer in [1, ${ranked.length}] (the pairs with a winner; 'same' pairs are left out)`,
    );
  }
  if (!Number.isInteger(traces) || traces < 2) {
    throw new UsageError(`traces ${traces} must be an integer >= 2: GCPO compares traces within a group`);
  }
  const trainerOptions = {
    ...options,
    surrogate: { aggregation: 'seq-mean-token-mean' as const, ...options.surrogate },
  };
  return runTraining('gcpo', trainerOptions, 0, async (_step, rng) => {
    const chosen = sampleWithoutReplacement(ranked, pairsPerStep, rng);
    // Images in pair order, winner then loser, so rollouts of pair p are rows 2pN .. 2pN+2N-1.
    const images = chosen.flatMap((p) => (p.preference === 'a' ? [p.a, p.b] : [p.b, p.a]));
    const rollouts = policy.sample(images, traces, rng.fork());
    const scores = rollouts.map((r) => score(images[r.input]!, r.action));
    const rewards: number[] = [];
    const advantages: number[] = [];
    chosen.forEach((_, p) => {
      const at = (image: number): (number | null)[] =>
        scores.slice((2 * p + image) * traces, (2 * p + image + 1) * traces);
      const r = gcpoPairRewards(at(0), at(1));
      const a = gcpoAdvantages(r);
      rewards.push(...r.winner, ...r.loser);
      advantages.push(...a.winner, ...a.loser);
    });
    return {
      inputs: rollouts.map((r) => images[r.input]!),
      actions: rollouts.map((r) => r.action),
      oldLogp: rollouts.map((r) => r.logp),
      masks: rollouts.map((r) => r.mask),
      advantages,
      rewards,
      extra: { pairs: chosen.length, unparsedShare: scores.filter((s) => s === null).length / scores.length },
    };
  });
}

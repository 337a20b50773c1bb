import { mean, standardDeviation } from '../moments.js';

/**
 * One line of a run's JSONL log: what happened in one training step (one rollout batch and the
 * optimiser updates made on it). Numbers that do not exist are null (JSON has no NaN): entropy when
 * the policy cannot give it, klRef when no reference is used.
 */
export interface StepRecord {
  algorithm: string;
  /** 0-based index of the step. */
  step: number;
  /** Mean over the step's optimiser updates of the minimised loss (surrogate + beta * KL). */
  loss: number;
  rewardMean: number;
  rewardStd: number;
  advantageMean: number;
  advantageStd: number;
  advantageMin: number;
  advantageMax: number;
  /** Token share whose gradient the clip stopped, mean over updates. */
  clipFraction: number;
  /** k3 estimate of KL(old || new) over the step's updates (PPO's approx_kl). */
  approxKl: number;
  /** k3 KL to the frozen reference, mean over updates; null without a reference. */
  klRef: number | null;
  /** Mean per-token entropy of the sampled actions under the sampling policy. */
  entropy: number | null;
  /** Mean real tokens (or steps) per action. */
  traceLength: number;
  lr: number;
  /** Global gradient norm before clipping, mean over updates. */
  gradNorm: number;
  /** Updates skipped because the gradient norm was not finite. */
  skippedUpdates: number;
  seconds: number;
  /** Algorithm-specific counts (GRPO: zeroStdGroups; GCPO: pairs, unparsedShare). */
  extra: Record<string, number>;
}

export interface Spread {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** Mean, population standard deviation, min and max; all 0 for no values. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) return { mean: 0, std: 0, min: 0, max: 0 };
  return {
    mean: mean(values),
    std: standardDeviation(values, 'population'),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

import * as tf from '@tensorflow/tfjs';
import { UsageError, type Rng } from '../core/index.js';

/**
 * One sampled action (an RRM trace, an editor's edit program, a denoising trajectory) with what the
 * sampler knew when it drew it. Columns are the policy's own layout for this action: column t of
 * `logp` is column t of the row `logProbs` returns for the same input and action.
 */
export interface Rollout<A> {
  /** Index into the `inputs` given to `sample`. */
  input: number;
  action: A;
  /** Per-token (or per-step) log-probs under the policy that sampled: the PPO ratio's denominator. */
  logp: number[];
  /** 1 on a real token, 0 on padding; as long as `logp`. Actions differ in length. */
  mask: number[];
}

/** Per-token log-probs of a batch of actions: [B, T] each, rows padded to one length. */
export interface TokenLogProbs {
  /** Differentiable in the policy's variables; padding columns may hold anything (even NaN). */
  logp: tf.Tensor2D;
  /** 1 on a real token, 0 on padding. */
  mask: tf.Tensor2D;
}

/** One weight as plain numbers, in row-major order, so a checkpoint is JSON. */
export interface WeightArray {
  name: string;
  shape: number[];
  values: number[];
}

/** A policy's weights and whatever it needs to rebuild itself (sizes, vocabulary), as plain JSON. */
export interface PolicyCheckpoint {
  /** Which implementation wrote it (e.g. 'toy-sequence'); `load` refuses another kind. */
  kind: string;
  config: unknown;
  weights: WeightArray[];
}

/**
 * What GRPO and GCPO train (DESIGN.md). I is what the policy conditions on (a prompt, an RRM's
 * features of source and edit, an editor's scene and instruction); A is what it emits.
 */
export interface Policy<I, A> {
  /**
   * n actions per input, input-major: rollouts i*n .. i*n+n-1 belong to inputs[i]. Sampling draws
   * only from `rng`, so a seed fixes the rollouts.
   */
  sample(inputs: readonly I[], n: number, rng: Rng): Rollout<A>[];
  /**
   * Per-token log-probs of actions[b] given inputs[b], in the layout `sample` used (the trainer pads
   * rollouts to this width). The caller disposes the tensors.
   */
  logProbs(inputs: readonly I[], actions: readonly A[]): TokenLogProbs;
  /**
   * Optional: per-token entropy of the policy's distribution at each real token, [B, T] in the same
   * layout, for logging only (no gradient is taken through it).
   */
  entropy?(inputs: readonly I[], actions: readonly A[]): tf.Tensor2D;
  /** The trainable weights, always in the same order (optimizer state is matched by position). */
  variables(): tf.Variable[];
  save(): Promise<PolicyCheckpoint>;
  /** Replaces the weights with a checkpoint's; throws a UsageError when kind or shapes differ. */
  load(checkpoint: PolicyCheckpoint): Promise<void>;
}

/** The variables' current values as plain arrays (float32 values, exact in JSON). */
export function variablesToArrays(variables: readonly tf.Variable[]): WeightArray[] {
  return variables.map((v) => ({
    name: v.name,
    shape: [...v.shape],
    values: Array.from(v.dataSync()),
  }));
}

/**
 * Assigns arrays to variables by position, checking that count and shapes agree, so a checkpoint of
 * another architecture fails with a message instead of a silent reshape.
 */
export function assignArrays(variables: readonly tf.Variable[], weights: readonly WeightArray[]): void {
  if (weights.length !== variables.length) {
    throw new UsageError(
      `the checkpoint holds ${weights.length} weights, the policy has ${variables.length}: load a checkpoint of the same architecture`,
    );
  }
  variables.forEach((v, i) => {
    const w = weights[i]!;
    const same = w.shape.length === v.shape.length && w.shape.every((d, k) => d === v.shape[k]);
    if (!same || w.values.length !== v.size) {
      throw new UsageError(
        `weight ${i} ('${w.name}') has shape [${w.shape}] with ${w.values.length} values, the policy's is [${v.shape}]`,
      );
    }
    tf.tidy(() => v.assign(tf.tensor(w.values, v.shape, 'float32')));
  });
}

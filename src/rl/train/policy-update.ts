import * as tf from '@tensorflow/tfjs';
import { sampleWithoutReplacement, UsageError, type Rng } from '../../core/index.js';
import { clippedSurrogateTf } from '../clipped-surrogate-tf.js';
import type { SurrogateOptions } from '../clipped-surrogate.js';
import { k3KlTf } from '../k3-kl-tf.js';
import type { Policy } from '../policy.js';
import type { Adam } from './adam.js';
import { clipByGlobalNorm } from './clip-grad-norm.js';

/** What one rollout batch gives the optimiser: sequences with their sampling log-probs and advantages. */
export interface RolloutBatch<I, A> {
  inputs: I[];
  actions: A[];
  /** Per sequence, the sampler's per-token log-probs (Rollout.logp) in the policy's layout. */
  oldLogp: number[][];
  /** Per sequence, its Rollout.mask. */
  masks: number[][];
  advantages: number[];
  /** Per sequence, the frozen reference's log-probs; present when beta > 0. */
  refLogp?: number[][];
}

export interface UpdateOptions {
  epochs: number;
  minibatches: number;
  surrogate: SurrogateOptions;
  beta: number;
  maxGradNorm: number;
  learningRate: number;
}

export interface UpdateStats {
  loss: number;
  clipFraction: number;
  approxKl: number;
  klRef: number | null;
  gradNorm: number;
  skippedUpdates: number;
}

/**
 * PPO-style optimisation of one rollout batch, as TRL (num_iterations) and verl (ppo_epochs,
 * ppo_mini_batch_size) do it: `epochs` passes, each over the batch shuffled and cut into
 * `minibatches` parts, one Adam update per part. Old log-probs stay those of the rollout, so the
 * ratio drifts from 1 over the passes and the clip bounds the drift. The gradient is clipped by
 * global norm; an update whose norm is not finite is skipped (as verl does) and counted.
 */
export function updatePolicy<I, A>(
  policy: Policy<I, A>,
  adam: Adam,
  batch: RolloutBatch<I, A>,
  options: UpdateOptions,
  rng: Rng,
): UpdateStats {
  const size = batch.actions.length;
  if (options.minibatches > size) {
    throw new UsageError(`minibatches ${options.minibatches} is more than the ${size} sequences of a batch`);
  }
  const sums = { loss: 0, clipFraction: 0, approxKl: 0, klRef: 0, gradNorm: 0 };
  let updates = 0;
  let skippedUpdates = 0;
  const all = Array.from({ length: size }, (_, i) => i);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const order = options.minibatches === 1 ? all : sampleWithoutReplacement(all, size, rng);
    for (let part = 0; part < options.minibatches; part++) {
      const from = Math.floor((part * size) / options.minibatches);
      const to = Math.floor(((part + 1) * size) / options.minibatches);
      const stats = minibatchUpdate(policy, adam, batch, order.slice(from, to), options);
      updates++;
      if (stats === null) {
        skippedUpdates++;
        continue;
      }
      for (const key of Object.keys(sums) as (keyof typeof sums)[]) sums[key] += stats[key];
    }
  }
  const applied = Math.max(updates - skippedUpdates, 1);
  return {
    loss: sums.loss / applied,
    clipFraction: sums.clipFraction / applied,
    approxKl: sums.approxKl / applied,
    klRef: batch.refLogp ? sums.klRef / applied : null,
    gradNorm: sums.gradNorm / applied,
    skippedUpdates,
  };
}

/** One Adam update on the rows `rows`; null when the gradient norm was not finite (nothing applied). */
function minibatchUpdate<I, A>(
  policy: Policy<I, A>,
  adam: Adam,
  batch: RolloutBatch<I, A>,
  rows: number[],
  options: UpdateOptions,
): { loss: number; clipFraction: number; approxKl: number; klRef: number; gradNorm: number } | null {
  const inputs = rows.map((b) => batch.inputs[b]!);
  const actions = rows.map((b) => batch.actions[b]!);
  const kept: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const { logp, mask } = policy.logProbs(inputs, actions);
    const width = logp.shape[1];
    checkMasks(rows, batch.masks, mask);
    const old = tf.tensor2d(rows.map((b) => fitRow(batch.oldLogp[b]!, width)));
    const adv = tf.tensor1d(rows.map((b) => batch.advantages[b]!));
    const s = clippedSurrogateTf(logp, old, adv, mask, options.surrogate);
    let loss = s.loss;
    let kl = tf.scalar(0);
    if (batch.refLogp) {
      const ref = tf.tensor2d(rows.map((b) => fitRow(batch.refLogp![b]!, width)));
      kl = k3KlTf(logp, ref, mask, options.surrogate.aggregation);
      loss = tf.add(loss, tf.mul(kl, options.beta));
    }
    kept.push(tf.keep(s.clipFraction), tf.keep(s.approxKl), tf.keep(kl));
    return loss;
  }, policy.variables());
  const names = policy.variables().map((v) => v.name);
  const raw = names.map((name) => grads[name]!);
  const clipped = clipByGlobalNorm(raw, options.maxGradNorm);
  const [clipFraction, approxKl, klRef] = kept.map((t) => t.dataSync()[0]!);
  const loss = value.dataSync()[0]!;
  const finite = Number.isFinite(clipped.norm);
  if (finite) adam.apply(clipped.grads, options.learningRate);
  tf.dispose([value, ...raw, ...clipped.grads, ...kept]);
  if (!finite) return null;
  return { loss, clipFraction: clipFraction!, approxKl: approxKl!, klRef: klRef!, gradNorm: clipped.norm };
}

/** A plain row cut or padded (with 0, masked anyway) to the policy's width. */
export function fitRow(row: readonly number[], width: number): number[] {
  return Array.from({ length: width }, (_, t) => row[t] ?? 0);
}

/** The policy's logProbs mask must mark real exactly the tokens its sampler marked real. */
function checkMasks(rows: readonly number[], masks: readonly number[][], mask: tf.Tensor2D): void {
  const got = mask.arraySync();
  rows.forEach((b, k) => {
    const want = fitRow(masks[b]!, got[k]!.length);
    if (masks[b]!.length > got[k]!.length || want.some((m, t) => m !== got[k]![t])) {
      throw new UsageError(
        `the policy's logProbs mask for sequence ${b} differs from its rollout's mask: ` +
          'logProbs must use the layout sample used (Policy contract, src/rl/policy.ts)',
      );
    }
  });
}

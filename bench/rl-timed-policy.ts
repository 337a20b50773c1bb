import type * as tf from '@tensorflow/tfjs';
import type { Rng } from '../src/core/index.js';
import type { Policy, PolicyCheckpoint, Rollout, TokenLogProbs } from '../src/rl/index.js';

/** A policy that times its own sampling (rollouts) and counts the rollouts, delegating everything. */
export class TimedPolicy<I, A> implements Policy<I, A> {
  sampleSeconds = 0;
  rollouts = 0;
  constructor(private readonly inner: Policy<I, A>) {}

  sample(inputs: readonly I[], n: number, rng: Rng): Rollout<A>[] {
    const started = performance.now();
    const out = this.inner.sample(inputs, n, rng);
    this.sampleSeconds += (performance.now() - started) / 1000;
    this.rollouts += out.length;
    return out;
  }
  logProbs(inputs: readonly I[], actions: readonly A[]): TokenLogProbs {
    return this.inner.logProbs(inputs, actions);
  }
  entropy(inputs: readonly I[], actions: readonly A[]): tf.Tensor2D {
    return this.inner.entropy!(inputs, actions);
  }
  variables(): tf.Variable[] {
    return this.inner.variables();
  }
  save(): Promise<PolicyCheckpoint> {
    return this.inner.save();
  }
  load(checkpoint: PolicyCheckpoint): Promise<void> {
    return this.inner.load(checkpoint);
  }
}

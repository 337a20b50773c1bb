import * as tf from '@tensorflow/tfjs';
import { assignArrays, type Policy, type WeightArray } from '../policy.js';

/**
 * The reference policy for the KL term, kept as a frozen copy of the trained policy's weights
 * rather than as a second policy object, so any Policy gets one without a factory. Its log-probs are
 * computed once per rollout batch (they are constants of the loss) by swapping its weights in and
 * the trained ones back.
 */
export class FrozenReference {
  private constructor(private readonly weights: tf.Tensor[]) {}

  /** A copy of the policy's weights as they are now. */
  static of<I, A>(policy: Policy<I, A>): FrozenReference {
    return new FrozenReference(policy.variables().map((v) => tf.clone(v)));
  }

  /** From a checkpoint's arrays (resuming), shapes checked against the policy. */
  static fromArrays<I, A>(policy: Policy<I, A>, arrays: readonly WeightArray[]): FrozenReference {
    const probe = policy.variables().map((v) => tf.variable(tf.zerosLike(v), false));
    assignArrays(probe, arrays);
    return new FrozenReference(probe);
  }

  /** Per-token reference log-probs as plain rows in the policy's layout (padding columns included). */
  logProbRows<I, A>(policy: Policy<I, A>, inputs: readonly I[], actions: readonly A[]): number[][] {
    const vars = policy.variables();
    const trained = vars.map((v) => tf.clone(v));
    vars.forEach((v, i) => v.assign(this.weights[i]!));
    try {
      const { logp, mask } = policy.logProbs(inputs, actions);
      const rows = logp.arraySync();
      tf.dispose([logp, mask]);
      return rows;
    } finally {
      vars.forEach((v, i) => v.assign(trained[i]!));
      tf.dispose(trained);
    }
  }

  arrays(): WeightArray[] {
    return this.weights.map((w, i) => ({
      name: `reference/${i}`,
      shape: [...w.shape],
      values: Array.from(w.dataSync()),
    }));
  }

  dispose(): void {
    tf.dispose(this.weights);
  }
}

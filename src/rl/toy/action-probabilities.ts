import * as tf from '@tensorflow/tfjs';
import type { Policy } from '../policy.js';

/**
 * The exact probability of each action given one input: exp of the sum of its per-token log-probs.
 * With enumerateSequences this gives a toy policy's whole distribution.
 */
export function actionProbabilities<I, A>(policy: Policy<I, A>, input: I, actions: readonly A[]): number[] {
  const { logp, mask } = policy.logProbs(
    actions.map(() => input),
    actions,
  );
  const totals = tf.tidy(() =>
    tf.sum(tf.mul(tf.where(tf.greater(mask, 0), logp, tf.zerosLike(logp)), mask), 1),
  );
  const out = Array.from(totals.dataSync(), (s) => Math.exp(s));
  tf.dispose([logp, mask, totals]);
  return out;
}

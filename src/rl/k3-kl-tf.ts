import * as tf from '@tensorflow/tfjs';
import type { LossAggregation } from './token-aggregation.js';
import { aggregationWeightsTf } from './token-aggregation-tf.js';
import { checkTensorShapes } from './tf-inputs.js';

/**
 * The tfjs twin of k3Kl, differentiable in logp: exp(x) - x - 1 with x = refLogp - logp per real
 * token, aggregated like the loss. Padding entries are replaced by 0 before any arithmetic, so a
 * NaN or -Infinity there reaches neither the value nor the gradient.
 */
export function k3KlTf(
  logp: tf.Tensor2D,
  refLogp: tf.Tensor2D,
  mask: tf.Tensor2D,
  aggregation: LossAggregation = 'token-mean',
): tf.Scalar {
  checkTensorShapes(mask, { logp, refLogp });
  return tf.tidy(() => {
    const real = tf.greater(mask, 0);
    const zeros = tf.zerosLike(logp);
    const x = tf.sub(tf.where(real, refLogp, zeros), tf.where(real, logp, zeros));
    const perToken = tf.sub(tf.sub(tf.exp(x), x), 1);
    return tf.sum<tf.Scalar>(tf.mul(perToken, aggregationWeightsTf(mask, aggregation)));
  });
}

import * as tf from '@tensorflow/tfjs';
import { checkAggregation, type LossAggregation } from './token-aggregation.js';

/**
 * The tfjs twin of aggregationWeights: a [B, T] tensor of token weights (0 on padding) from a 0/1
 * mask, so that the aggregate is sum(weights * values). Counts are floored at 1 as in the plain one.
 */
export function aggregationWeightsTf(mask: tf.Tensor2D, mode: LossAggregation): tf.Tensor2D {
  checkAggregation(mode);
  return tf.tidy(() => {
    const sequences = Math.max(mask.shape[0], 1);
    if (mode === 'token-mean') return tf.div(mask, tf.maximum(tf.sum(mask), 1));
    if (mode === 'seq-mean-token-sum') return tf.div(mask, sequences);
    const perRow = tf.maximum(tf.sum(mask, 1, true), 1);
    return tf.div(mask, tf.mul(perRow, sequences));
  });
}

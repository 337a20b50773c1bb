import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../core/index.js';
import { resolveSurrogateOptions, type SurrogateOptions } from './clipped-surrogate.js';
import { aggregationWeightsTf } from './token-aggregation-tf.js';
import { checkTensorShapes } from './tf-inputs.js';

/** The loss as a differentiable scalar, and the logged statistics as scalars (no gradient needed). */
export interface SurrogateTfResult {
  loss: tf.Scalar;
  clipFraction: tf.Scalar;
  clipFractionLow: tf.Scalar;
  clipFractionHigh: tf.Scalar;
  dualClipFraction: tf.Scalar;
  approxKl: tf.Scalar;
}

/**
 * The tfjs twin of clippedSurrogate: same options, same value (to float32 rounding), differentiable
 * in logp. oldLogp, advantages ([B]) and mask are constants. Use it inside tf.grad or
 * optimizer.minimize as `() => clippedSurrogateTf(...).loss`; the caller disposes what it keeps.
 * Padding entries are replaced by 0 before any arithmetic, so their ratio is 1 and their values,
 * even NaN, reach neither the loss nor the gradient.
 */
export function clippedSurrogateTf(
  logp: tf.Tensor2D,
  oldLogp: tf.Tensor2D,
  advantages: tf.Tensor1D,
  mask: tf.Tensor2D,
  options: SurrogateOptions = {},
): SurrogateTfResult {
  const opts = resolveSurrogateOptions(options);
  checkTensorShapes(mask, { logp, oldLogp });
  if (advantages.rank !== 1 || advantages.shape[0] !== mask.shape[0]) {
    throw new UsageError(
      `advantages has shape [${advantages.shape}]: give one per sequence, [${mask.shape[0]}]`,
    );
  }
  return tf.tidy(() => {
    const real = tf.greater(mask, 0);
    const zeros = tf.zerosLike(logp);
    const logRatio = tf.sub(tf.where(real, logp, zeros), tf.where(real, oldLogp, zeros));
    const ratio = tf.exp(logRatio);
    const adv = tf.broadcastTo(tf.expandDims(advantages, 1), logp.shape);
    const unclipped = tf.neg(tf.mul(adv, ratio));
    const clipped = tf.neg(tf.mul(adv, tf.clipByValue(ratio, 1 - opts.epsLow, 1 + opts.epsHigh)));
    // Pessimistic bound: the larger loss. At a tie tf.maximum routes the gradient to `unclipped`,
    // which inside the clip range is the ratio's own gradient.
    let perToken = tf.maximum(unclipped, clipped);
    const negative = tf.less(adv, 0);
    let dual = tf.zerosLike(ratio);
    if (opts.dualClip !== undefined) {
      perToken = tf.where(negative, tf.minimum(perToken, tf.mul(tf.neg(adv), opts.dualClip)), perToken);
      dual = tf.logicalAnd(negative, tf.greater(ratio, opts.dualClip)).toFloat();
    }
    const loss: tf.Scalar = tf.sum(tf.mul(perToken, aggregationWeightsTf(mask, opts.aggregation)));

    const tokenMean = (flags: tf.Tensor): tf.Scalar =>
      tf.div(tf.sum(tf.mul(flags, mask)), tf.maximum(tf.sum(mask), 1));
    const low = tf.logicalAnd(negative, tf.less(ratio, 1 - opts.epsLow)).toFloat();
    const high = tf.logicalAnd(tf.greater(adv, 0), tf.greater(ratio, 1 + opts.epsHigh)).toFloat();
    // Dual-clipped tokens have ratio > dualClip > 1, so they are never also counted as low.
    const clipFractionLow = tokenMean(low);
    const clipFractionHigh = tokenMean(high);
    return {
      loss,
      clipFraction: tf.add<tf.Scalar>(clipFractionLow, clipFractionHigh),
      clipFractionLow,
      clipFractionHigh,
      dualClipFraction: tokenMean(dual),
      approxKl: tokenMean(tf.sub(tf.sub(ratio, 1), logRatio)),
    };
  });
}

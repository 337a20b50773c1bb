import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../core/index.js';

export interface ClippedGradients {
  grads: tf.Tensor[];
  /** The global L2 norm before clipping (logged; Infinity or NaN when a gradient blew up). */
  norm: number;
}

/**
 * Global-norm clipping as torch's clip_grad_norm_ (TRL max_grad_norm, verl grad_clip): when the L2
 * norm of all gradients together exceeds maxNorm, every gradient is scaled by maxNorm / norm, so the
 * update keeps its direction. maxNorm Infinity leaves them as they are. New tensors are returned; the
 * caller disposes both lists.
 */
export function clipByGlobalNorm(grads: readonly tf.Tensor[], maxNorm: number): ClippedGradients {
  if (!(maxNorm > 0)) throw new UsageError(`maxGradNorm ${maxNorm} must be > 0 (Infinity for no clipping)`);
  const norm = tf.tidy(() => {
    const squares = grads.map((g) => tf.sum(tf.square(g)));
    return Math.sqrt(squares.length === 0 ? 0 : tf.addN(squares).dataSync()[0]!);
  });
  const scale = Number.isFinite(norm) && norm > maxNorm ? maxNorm / norm : 1;
  return { grads: grads.map((g) => tf.mul(g, scale)), norm };
}

import type * as tf from '@tensorflow/tfjs';
import { UsageError } from '../core/index.js';

/** Throws a UsageError unless every named tensor is rank 2 with the mask's shape. */
export function checkTensorShapes(mask: tf.Tensor, named: Readonly<Record<string, tf.Tensor>>): void {
  if (mask.rank !== 2)
    throw new UsageError(`mask must be a [sequences, tokens] tensor, got shape [${mask.shape}]`);
  for (const [name, t] of Object.entries(named)) {
    if (t.rank !== 2 || t.shape[0] !== mask.shape[0] || t.shape[1] !== mask.shape[1]) {
      throw new UsageError(`${name} has shape [${t.shape}], the mask [${mask.shape}]: give them one shape`);
    }
  }
}

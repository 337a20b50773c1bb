import { aggregateTokens, type LossAggregation } from './token-aggregation.js';
import { checkTokenShapes, type TokenMatrix } from './token-matrix.js';

/**
 * Schulman's k3 estimator for one sampled token: with x = refLogp - logp,
 *
 *     k3 = exp(x) - x - 1
 *
 * Never negative, 0 exactly when the two log-probs agree, and its mean over tokens sampled from the
 * policy is an unbiased estimate of KL(policy || reference). It is what TRL's GRPOTrainer adds with
 * weight beta, and verl's kl_loss_type 'low_var_kl' (which also clamps x to [-20, 20] and the result
 * to [-10, 10]; we do not, so the value and its gradient stay exact).
 */
export function k3(logp: number, refLogp: number): number {
  const x = refLogp - logp;
  return Math.exp(x) - x - 1;
}

/** The k3 KL of a batch, per token against the reference's log-probs, aggregated like the loss. */
export function k3Kl(
  logp: TokenMatrix,
  refLogp: TokenMatrix,
  mask: TokenMatrix,
  aggregation: LossAggregation = 'token-mean',
): number {
  checkTokenShapes(mask, { logp, refLogp });
  const perToken = logp.map((row, b) =>
    Array.from({ length: row.length }, (_, t) => (mask[b]![t] === 1 ? k3(row[t]!, refLogp[b]![t]!) : 0)),
  );
  return aggregateTokens(perToken, mask, aggregation);
}

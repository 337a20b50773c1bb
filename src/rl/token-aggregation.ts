import { UsageError } from '../core/index.js';
import { checkTokenShapes, type TokenMatrix } from './token-matrix.js';

/**
 * How per-token losses become one number. Every mode is a weighted sum over the real tokens,
 * sum_bt w[b][t] * loss[b][t]; the modes differ only in the weights (docs/RL.md compares them with
 * TRL's loss_type and verl's loss_agg_mode):
 * - 'token-mean': every real token of the batch weighs the same, 1 / (tokens in the batch).
 * - 'seq-mean-token-mean': every sequence weighs the same, its tokens share it, 1 / (B * n_b).
 *   This is the paper's GCPO loss (1/(2N) sum_j 1/T sum_t).
 * - 'seq-mean-token-sum': tokens summed within a sequence, then the mean over sequences, 1 / B.
 */
export type LossAggregation = 'token-mean' | 'seq-mean-token-mean' | 'seq-mean-token-sum';

/**
 * The weight of one real token, from its sequence's token count n, the batch's token count and the
 * number of sequences B. Counts are floored at 1 (as TRL clamps them), so an empty sequence or batch
 * adds 0 instead of dividing by zero; an empty sequence still counts among the B.
 */
const TOKEN_WEIGHT: Readonly<
  Record<LossAggregation, (n: number, batchTokens: number, sequences: number) => number>
> = {
  'token-mean': (_n, batchTokens) => 1 / Math.max(batchTokens, 1),
  'seq-mean-token-mean': (n, _batchTokens, sequences) => 1 / (sequences * Math.max(n, 1)),
  'seq-mean-token-sum': (_n, _batchTokens, sequences) => 1 / sequences,
};

export const LOSS_AGGREGATIONS = Object.keys(TOKEN_WEIGHT) as readonly LossAggregation[];

/** Throws a UsageError unless mode is one of LOSS_AGGREGATIONS. */
export function checkAggregation(mode: string): asserts mode is LossAggregation {
  if (!(LOSS_AGGREGATIONS as readonly string[]).includes(mode)) {
    throw new UsageError(`unknown loss aggregation '${mode}': use one of ${LOSS_AGGREGATIONS.join(', ')}`);
  }
}

/** The weight of every token (0 on padding), so that the aggregate is sum_bt w[b][t] * value[b][t]. */
export function aggregationWeights(mask: TokenMatrix, mode: LossAggregation): number[][] {
  checkAggregation(mode);
  const { rows, cols } = checkTokenShapes(mask, {});
  const perRow = mask.map((row) => {
    let n = 0;
    for (let t = 0; t < cols; t++) n += row[t]!;
    return n;
  });
  const batchTokens = perRow.reduce((a, b) => a + b, 0);
  const weigh = TOKEN_WEIGHT[mode];
  return mask.map((row, b) => {
    const w = weigh(perRow[b]!, batchTokens, rows);
    return Array.from({ length: cols }, (_, t) => (row[t] === 1 ? w : 0));
  });
}

/**
 * The aggregate of per-token values under a mode. Padding entries are skipped, not multiplied by 0,
 * so a NaN or -Infinity written there (a log-prob of a pad token) cannot leak in.
 */
export function aggregateTokens(values: TokenMatrix, mask: TokenMatrix, mode: LossAggregation): number {
  checkTokenShapes(mask, { values });
  const weights = aggregationWeights(mask, mode);
  let total = 0;
  weights.forEach((row, b) => {
    row.forEach((w, t) => {
      if (mask[b]![t] === 1) total += w * values[b]![t]!;
    });
  });
  return total;
}

import { UsageError } from '../core/index.js';
import { k3 } from './k3-kl.js';
import { aggregateTokens, checkAggregation, type LossAggregation } from './token-aggregation.js';
import { checkPerSequence, checkTokenShapes, type TokenMatrix } from './token-matrix.js';

export interface SurrogateOptions {
  /** The ratio is clipped below at 1 - epsLow. Default 0.2. */
  epsLow?: number;
  /** The ratio is clipped above at 1 + epsHigh. Default 0.2 (DAPO's clip-higher uses 0.28). */
  epsHigh?: number;
  /**
   * Dual clip (Ye et al. 2020, verl's clip_ratio_c): for a negative advantage the token loss is
   * capped at dualClip * |A|, so a ratio that has run far above 1 stops pushing. Must be > 1.
   * Default off (verl applies it with 3.0; TRL's delta gives the same cap when delta > 1 + epsHigh).
   */
  dualClip?: number;
  /** How per-token losses become one number. Default 'token-mean'. */
  aggregation?: LossAggregation;
}

export const SURROGATE_DEFAULTS = { epsLow: 0.2, epsHigh: 0.2, aggregation: 'token-mean' } as const;

/** The loss and what a trainer logs beside it. Fractions are over the real tokens of the batch. */
export interface SurrogateResult {
  /** The aggregated loss, to be minimised (the negated PPO objective). */
  loss: number;
  /** Share of tokens whose gradient the ordinary clip stops: clipFractionLow + clipFractionHigh. */
  clipFraction: number;
  /** Negative advantage and ratio below 1 - epsLow. */
  clipFractionLow: number;
  /** Positive advantage and ratio above 1 + epsHigh. */
  clipFractionHigh: number;
  /** Negative advantage and ratio above dualClip (0 when dual clip is off). */
  dualClipFraction: number;
  /** Token mean of k3 with ratio rho = pi/pi_old: rho - 1 - log rho, estimating KL(old || new). */
  approxKl: number;
  /** Real tokens in the batch. */
  tokens: number;
}

/** Where a token's ratio falls; every region but 'free' means its gradient is stopped. */
export type ClipRegion = 'free' | 'low' | 'high' | 'dual';

/**
 * One token's loss: -min(rho*A, clip(rho, 1-epsLow, 1+epsHigh)*A), then for A < 0 capped at
 * dualClip*|A| when dual clip is on. Returns the loss and the region its ratio fell in.
 */
export function surrogateTokenLoss(
  ratio: number,
  advantage: number,
  bounds: { epsLow: number; epsHigh: number; dualClip?: number | undefined },
): { loss: number; region: ClipRegion } {
  const clipped = Math.min(1 + bounds.epsHigh, Math.max(1 - bounds.epsLow, ratio));
  const loss = Math.max(-advantage * ratio, -advantage * clipped);
  if (bounds.dualClip !== undefined && advantage < 0 && ratio > bounds.dualClip) {
    return { loss: -advantage * bounds.dualClip, region: 'dual' };
  }
  if (advantage > 0 && ratio > 1 + bounds.epsHigh) return { loss, region: 'high' };
  if (advantage < 0 && ratio < 1 - bounds.epsLow) return { loss, region: 'low' };
  return { loss, region: 'free' };
}

/**
 * The PPO clipped surrogate on per-token ratios rho = exp(logp - oldLogp), with one advantage per
 * sequence (GRPO's and GCPO's are per trace), aggregated over the real tokens. Exact float64
 * arithmetic: the reference the tfjs version (clippedSurrogateTf) is tested against.
 */
export function clippedSurrogate(
  logp: TokenMatrix,
  oldLogp: TokenMatrix,
  advantages: ArrayLike<number>,
  mask: TokenMatrix,
  options: SurrogateOptions = {},
): SurrogateResult {
  const opts = resolveSurrogateOptions(options);
  const { rows, cols } = checkTokenShapes(mask, { logp, oldLogp });
  checkPerSequence('advantages', advantages, rows);

  const perToken: number[][] = [];
  const counts: Record<ClipRegion, number> = { free: 0, low: 0, high: 0, dual: 0 };
  let tokens = 0;
  let klSum = 0;
  for (let b = 0; b < rows; b++) {
    const row = new Array<number>(cols).fill(0);
    for (let t = 0; t < cols; t++) {
      if (mask[b]![t] !== 1) continue;
      const lp = logp[b]![t]!;
      const old = oldLogp[b]![t]!;
      const { loss, region } = surrogateTokenLoss(Math.exp(lp - old), advantages[b]!, opts);
      row[t] = loss;
      counts[region]++;
      tokens++;
      klSum += k3(old, lp);
    }
    perToken.push(row);
  }
  const share = (n: number): number => n / Math.max(tokens, 1);
  return {
    loss: aggregateTokens(perToken, mask, opts.aggregation),
    clipFraction: share(counts.low + counts.high),
    clipFractionLow: share(counts.low),
    clipFractionHigh: share(counts.high),
    dualClipFraction: share(counts.dual),
    approxKl: share(klSum),
    tokens,
  };
}

/** Options with defaults filled in, checked; shared with the tfjs version so both read them alike. */
export function resolveSurrogateOptions(options: SurrogateOptions): {
  epsLow: number;
  epsHigh: number;
  dualClip: number | undefined;
  aggregation: LossAggregation;
} {
  const { epsLow, epsHigh, aggregation } = { ...SURROGATE_DEFAULTS, ...options };
  if (!(epsLow >= 0 && epsLow < 1)) throw new UsageError(`epsLow ${epsLow} must be in [0, 1)`);
  if (!(epsHigh >= 0) || !Number.isFinite(epsHigh)) {
    throw new UsageError(`epsHigh ${epsHigh} must be a finite number >= 0`);
  }
  if (options.dualClip !== undefined && !(options.dualClip > 1 && Number.isFinite(options.dualClip))) {
    throw new UsageError(`dualClip ${options.dualClip} must be a finite number > 1 (verl uses 3)`);
  }
  checkAggregation(aggregation);
  return { epsLow, epsHigh, dualClip: options.dualClip, aggregation };
}

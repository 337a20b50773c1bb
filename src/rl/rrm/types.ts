import type { ImageInput, Principle } from '../../core/index.js';

/** What the miniature RRM judges: the paper's quadruple (PAPER.md section 2). */
export interface RrmQuadruple {
  source: ImageInput;
  edited: ImageInput;
  instruction: string;
  principles: readonly Principle[];
}

/**
 * The policy's input: fixed-size features of the quadruple, computed once (rrm-featurizer.ts) so that
 * sampling and log-probs are synchronous matrix work.
 */
export interface RrmInput {
  /** Cache key: the images' hashes and the principles. */
  key: string;
  principles: readonly Principle[];
  /** One row per principle, POINT_FEATURES long. */
  points: readonly (readonly number[])[];
  /** Features of source and edit as a whole, RRM_GLOBAL_FEATURES long. */
  global: readonly number[];
}

/** A trace as tokens: one 0/1 per principle, then the final score (0-10 in steps of 0.5). */
export interface RrmTrace {
  points: (0 | 1)[];
  finalScore: number;
}

/** Final-score tokens: 0, 0.5, ..., 10. */
export const SCORE_TOKENS = 21;

/** The score token for a score (rounded to the nearest 0.5, clamped to 0-10). */
export function scoreToken(score: number): number {
  return Math.min(SCORE_TOKENS - 1, Math.max(0, Math.round(score * 2)));
}

export const tokenScore = (token: number): number => token / 2;

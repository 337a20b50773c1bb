import type { Preference } from '../core/index.js';

/** preference: which of two edits is better; gsb: `a` is the new editor's output, `b` the baseline's. */
export const ANNOTATE_MODES = ['preference', 'gsb'] as const;
export type AnnotateMode = (typeof ANNOTATE_MODES)[number];

/** What the annotator clicked, before the left/right randomisation is undone. */
export const CHOICES = ['left', 'same', 'right'] as const;
export type Choice = (typeof CHOICES)[number];

/** Which of the pair's edits was shown on the left. */
export type Side = 'a' | 'b';

/**
 * A pair as the store keeps it: the pairs.jsonl object (extra fields too) with `source`, `a` and `b`
 * rewritten as paths relative to the dataset folder (the pairs file's folder), `/`-separated.
 */
export interface StoredPair {
  id: string;
  category: string;
  instruction: string;
  source: string;
  a: string;
  b: string;
  [field: string]: unknown;
}

/** One label as stored: the choice un-randomised, with the side that was shown on the left. */
export interface LabelRecord {
  pairId: string;
  annotator: string;
  choice: Preference;
  /** Which edit was on the left when the label was given. */
  left: Side;
  elapsedMs: number;
  /** ISO time the label was written. */
  at: string;
}

/** One (pair, annotator) assignment: shown in `position` order, with `left` on the left. */
export interface Assignment {
  pairId: string;
  annotator: string;
  position: number;
  left: Side;
}

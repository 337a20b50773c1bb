import type { Check, CheckKind } from '../../core/index.js';
import type { PixelFacts, Raster } from '../../images/index.js';
import type { OcrLine } from './ocr-reader.js';
import type { ParsedScene } from './scene/types.js';

/**
 * What one evaluator concluded. null means it could not decide from pixels or OCR, and the reason
 * starts with "needs a VLM:": the embedded judge marks such a point unverified rather than guess.
 */
export interface CheckResult {
  score: 0 | 1 | null;
  /** What was measured against what threshold, e.g. "brightness rose 0.12 (needed >= 0.05)". */
  reason: string;
  /**
   * For a failed preservation check: the weight of the unrequested changes it found (an object altered
   * or removed 1, an object added or the background repainted 2), which caps the final score
   * (final-score.ts unrequestedCap).
   */
  unrequested?: number;
  /** For a failed quality check: how damaging the artefact it found is, 0-1 (scales the final score). */
  artifactSeverity?: number;
}

/** Everything an evaluator may look at for one (source, edited) pair. */
export interface CheckContext {
  readonly facts: PixelFacts;
  /**
   * OCR lines of one of the two images, read on first use and memoised for the pair: only text checks
   * pay for OCR. Rejects with OcrUnavailableError when the OCR engine cannot load on this machine.
   */
  readText(which: 'source' | 'edited'): Promise<readonly OcrLine[]>;
  /** One image's pixels at the scene-analysis size (longest side SCENE_SIDE), decoded once per pair. */
  readRaster(which: 'source' | 'edited'): Promise<Raster>;
  /** One image read as a flat-object scene (scene/parse-scene.ts), parsed on first use and memoised. */
  readScene(which: 'source' | 'edited'): Promise<ParsedScene>;
}

/** Longest side scene checks look at: a 256 px EditWorld image as it is, larger ones shrunk to 512. */
export const SCENE_SIDE = 512;

export type CheckEvaluator<K extends CheckKind> = (
  check: Extract<Check, { kind: K }>,
  context: CheckContext,
) => CheckResult | Promise<CheckResult>;

/** Prefix of every reason for a point this judge could not verify, so callers and traces can spot them. */
export const NEEDS_VLM = 'needs a VLM';

export const needsVlm = (why: string): CheckResult => ({ score: null, reason: `${NEEDS_VLM}: ${why}` });

export const decide = (passed: boolean, reason: string): CheckResult => ({ score: passed ? 1 : 0, reason });

/** Numbers in reasons: 3 decimals is finer than any threshold we use and still readable. */
export const fmt = (x: number): string => x.toFixed(3);
export const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

import { UsageError } from '../core/index.js';
import { DEFAULT_FAILURE_MIX, validateFailureMix } from './editors/index.js';
import { MAX_RENDER_SIZE, MIN_RENDER_SIZE } from './render.js';
import type { FailureMode } from './types.js';

export interface WorldOptions {
  /** How many pairs to make. */
  pairs: number;
  seed: number;
  /** Image side in px, 64..1024. */
  size: number;
  /** Candidates rendered per source and edit; every two of them can make a pair. */
  candidatesPerSource: number;
  /** Relative weight of each failure mode among the candidates. */
  mix: Record<FailureMode, number>;
  /** Share of pairs whose preference an annotator flips or marks 'same' at random. */
  noise: number;
  /** Oracle scores this close (or closer) are called 'same'. */
  sameMargin: number;
}

export const DEFAULT_WORLD_OPTIONS: WorldOptions = {
  pairs: 100,
  seed: 0,
  size: 256,
  candidatesPerSource: 3,
  mix: DEFAULT_FAILURE_MIX,
  noise: 0.05,
  sameMargin: 0.5,
};

const MAX_PAIRS = 1_000_000;

function wholeNumber(field: string, value: unknown, lo: number, hi: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < lo || value > hi) {
    throw new UsageError(`${field} must be a whole number from ${lo} to ${hi}; got ${JSON.stringify(value)}`);
  }
}

/** The options with defaults filled in; a UsageError naming the field for anything out of range. */
export function resolveWorldOptions(options: Partial<WorldOptions>): WorldOptions {
  const o = { ...DEFAULT_WORLD_OPTIONS, ...options };
  wholeNumber('pairs', o.pairs, 1, MAX_PAIRS);
  wholeNumber('seed', o.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  wholeNumber('size', o.size, MIN_RENDER_SIZE, MAX_RENDER_SIZE);
  wholeNumber('candidatesPerSource', o.candidatesPerSource, 2, 10);
  if (typeof o.mix !== 'object' || o.mix === null)
    throw new UsageError('mix must be an object of failure-mode weights');
  validateFailureMix({ ...o.mix }, 'mix');
  if (typeof o.noise !== 'number' || !(o.noise >= 0 && o.noise <= 1)) {
    throw new UsageError(`noise must be a share from 0 to 1; got ${JSON.stringify(o.noise)}`);
  }
  if (typeof o.sameMargin !== 'number' || !(o.sameMargin >= 0 && o.sameMargin <= 10)) {
    throw new UsageError(
      `sameMargin must be a score difference from 0 to 10; got ${JSON.stringify(o.sameMargin)}`,
    );
  }
  return o;
}

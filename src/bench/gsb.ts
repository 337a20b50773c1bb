import { UsageError } from '../core/index.js';
import { bootstrapInterval, type BootstrapOptions } from './bootstrap.js';
import type { Interval } from './types.js';

/** One input edited by both editors: the score of the editor under test and of the one it is compared with. */
export interface EditorScores {
  /** The editor under test (e.g. after RL). */
  test: number;
  /** The baseline (e.g. the base model). */
  base: number;
}

export interface GsbResult {
  good: number;
  same: number;
  bad: number;
  /** (good - bad) / (good + same + bad), in -1..1; null with no inputs. */
  gsb: number | null;
  ci95: Interval | null;
}

type Outcome = 1 | 0 | -1;

function gsbOf(outcomes: readonly Outcome[]): number | null {
  if (outcomes.length === 0) return null;
  return outcomes.reduce<number>((s, o) => s + o, 0) / outcomes.length;
}

/**
 * Good-Same-Bad between two editors from per-input scores (PAPER.md section 6): an input is Good when
 * the editor under test scores more than `sameMargin` above the baseline, Bad when more than
 * `sameMargin` below, Same otherwise. GSB = (Good - Bad) / (Good + Same + Bad), with a bootstrap
 * interval over inputs.
 */
export function goodSameBad(
  scores: readonly EditorScores[],
  options: BootstrapOptions & { sameMargin?: number },
): GsbResult {
  const sameMargin = options.sameMargin ?? 0;
  if (!(sameMargin >= 0)) throw new UsageError(`sameMargin must be 0 or more, got ${sameMargin}`);
  const outcomes: Outcome[] = scores.map(({ test, base }) =>
    test - base > sameMargin ? 1 : base - test > sameMargin ? -1 : 0,
  );
  return {
    good: outcomes.filter((o) => o === 1).length,
    same: outcomes.filter((o) => o === 0).length,
    bad: outcomes.filter((o) => o === -1).length,
    gsb: gsbOf(outcomes),
    ci95: bootstrapInterval(outcomes, gsbOf, options),
  };
}

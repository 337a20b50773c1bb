import { writeFile } from 'node:fs/promises';
import { createRng } from '../core/index.js';
import { bootstrapInterval, shareTrue } from './bootstrap.js';
import { rankedStrictly } from './pairwise-accuracy.js';
import { renderBenchReport, type ReportInputs } from './report-html.js';
import { scoredPairs } from './summarize-bench.js';
import { thumbnailDataUrl } from './thumbnail.js';
import type { BenchResult, Interval } from './types.js';
import { worstJudgedPairs } from './worst-pairs.js';

export interface ReportOptions {
  /** Seeds the per-category bootstrap. Default 0. */
  seed?: number;
  /** Bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Pairs shown as pictures. Default 12. */
  worst?: number;
}

/** Writes the HTML report of a bench run to `file` (see renderBenchReport). */
export async function writeBenchReport(
  result: BenchResult,
  file: string,
  options: ReportOptions = {},
): Promise<void> {
  const rng = createRng(options.seed ?? 0);
  const decided = scoredPairs(result.pairs).filter((p) => p.preference !== 'same');
  const categoryIntervals: Record<string, Interval | null> = {};
  for (const name of Object.keys(result.perCategory)) {
    const outcomes = decided.filter((p) => p.category === name).map(rankedStrictly);
    categoryIntervals[name] = bootstrapInterval(outcomes, shareTrue, { rng, resamples: options.resamples });
  }
  // A source shown in several of the worst pairs is made into a thumbnail once.
  const thumbnails = new Map<string, Promise<string | null>>();
  const thumbnailOf = (ref: string): Promise<string | null> => {
    let made = thumbnails.get(ref);
    if (!made) thumbnails.set(ref, (made = thumbnailDataUrl(ref)));
    return made;
  };
  const worst: ReportInputs['worst'] = await Promise.all(
    worstJudgedPairs(result.pairs, options.worst ?? 12).map(async (pair) => {
      const [source, a, b] = await Promise.all([pair.source, pair.a, pair.b].map(thumbnailOf));
      return { pair, thumbnails: { source: source ?? null, a: a ?? null, b: b ?? null } };
    }),
  );
  await writeFile(file, renderBenchReport(result, { categoryIntervals, worst }));
}

import { rename, writeFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import type { LabelStore } from './label-store.js';
import { majorityPreference } from './majority-preference.js';

export interface ExportResult {
  /** Lines written: pairs with at least one label. */
  written: number;
  /** Pairs left out because nobody has labelled them yet. */
  unlabelled: number;
}

/**
 * Writes the labelled pairs as pairs.jsonl lines (core PairSchema): the pair's own fields, image paths
 * relative to the output file, `preference` resolved by majority (ties -> 'same', see
 * majorityPreference; 'same' stays 'same'), and every live label in `labels` as
 * {annotator, choice, side, elapsedMs, at}, where `side` is the edit ('a' or 'b') that was on the left.
 * A preference the pairs file already had is kept as `givenPreference`. The file appears whole or not at all.
 */
export async function exportPreferences(store: LabelStore, outFile: string): Promise<ExportResult> {
  const datasetDir = store.meta('datasetDir')!;
  const outDir = dirname(resolve(outFile));
  const fromOut = (rel: string) => relative(outDir, resolve(datasetDir, rel)).split(sep).join('/');
  const labels = store.labels();
  const lines: string[] = [];
  let unlabelled = 0;
  for (const pair of store.pairs()) {
    const own = labels.filter((l) => l.pairId === pair.id);
    const preference = majorityPreference(own.map((l) => l.choice));
    if (preference === undefined) {
      unlabelled++;
      continue;
    }
    const { preference: given, ...fields } = pair;
    lines.push(
      JSON.stringify({
        ...fields,
        source: fromOut(pair.source),
        a: fromOut(pair.a),
        b: fromOut(pair.b),
        preference,
        ...(given === undefined ? {} : { givenPreference: given }),
        labels: own.map((l) => ({
          annotator: l.annotator,
          choice: l.choice,
          side: l.left,
          elapsedMs: l.elapsedMs,
          at: l.at,
        })),
      }),
    );
  }
  const partial = `${resolve(outFile)}.partial`;
  await writeFile(partial, lines.map((line) => `${line}\n`).join(''));
  await rename(partial, resolve(outFile));
  return { written: lines.length, unlabelled };
}

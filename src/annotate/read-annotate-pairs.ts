import { realpathSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { LineProblems, PairSchema, parseJsonlLines, uniqueById, UsageError } from '../core/index.js';
import { isInside } from './dataset-path.js';
import { imageContentType, SHOWN_EXTENSIONS } from './image-types.js';
import type { StoredPair } from './types.js';

/** A pairs line to annotate: the benchmark's format, with the preference still to be found. */
const AnnotatePairSchema = PairSchema.partial({ preference: true });

/** What the pairs file gave: its folder (real path), where every image must lie, and the pairs. */
export interface AnnotateDataset {
  datasetDir: string;
  pairs: StoredPair[];
}

const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;

type Resolved = { rel: string } | { refused: string };

/** An image field made a `/`-separated path relative to the dataset folder, or the reason it cannot be. */
function datasetRelative(ref: string, datasetDir: string): Resolved {
  if (URL_LIKE.test(ref) && !/^[a-z]:[\\/]/i.test(ref)) {
    return { refused: 'is a URL; annotate serves images only from files in the pairs file folder' };
  }
  if (ref.split(/[\\/]/).includes('..')) {
    return { refused: "contains '..'; give paths inside the pairs file folder" };
  }
  const absolute = isAbsolute(ref) ? ref : resolve(datasetDir, ref);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch (error) {
    return { refused: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  if (!isInside(datasetDir, real))
    return { refused: 'lies outside the pairs file folder (a symlink leading out is refused too)' };
  // Stored by its real path, so a symlink inside the folder is served as the file it names.
  const rel = relative(datasetDir, real).split(sep).join('/');
  if (imageContentType(rel) === undefined) return { refused: `is not one of ${SHOWN_EXTENSIONS}` };
  return { rel };
}

/**
 * Reads pairs.jsonl for annotation: each line a core Pair (preference optional), ids unique, and every
 * image a file inside the pairs file's folder (real paths compared, so `..` and symlinks cannot lead
 * out), in a format a browser shows. The first bad line is a UsageError naming file:line and the field.
 */
export async function readAnnotatePairs(file: string): Promise<AnnotateDataset> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new UsageError(`cannot read the pairs file ${file} (${code}); pass an existing pairs.jsonl`, {
      cause: error,
    });
  }
  const problems = new LineProblems(file, 'quoted');
  const datasetDir = realpathSync(dirname(resolve(file)));
  const pairs: StoredPair[] = [];
  for (const { line, value } of uniqueById(parseJsonlLines(text, AnnotatePairSchema, problems), problems)) {
    const pair: StoredPair = { ...value };
    for (const key of ['source', 'a', 'b'] as const) {
      const resolved = datasetRelative(pair[key], datasetDir);
      if ('refused' in resolved) problems.add(line, key, `${pair[key]} ${resolved.refused}`);
      else pair[key] = resolved.rel;
    }
    // A pair with a refused image is kept here only until throwFirst below refuses the whole file.
    pairs.push(pair);
  }
  problems.throwFirst(UsageError);
  if (pairs.length === 0) throw new UsageError(`${file} has no pairs; write one JSON object per line`);
  return { datasetDir, pairs };
}

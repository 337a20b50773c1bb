import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import {
  LineProblems,
  PairSchema,
  parseJsonlLines,
  uniqueById,
  UsageError,
  type Pair,
} from '../core/index.js';

/** A validated pair with its image references made usable from any working folder. */
export interface PairOnLine {
  pair: Pair;
  /** 1-based line in the pairs file. */
  line: number;
}

/** `data:`, `http(s):`, `file:` and other URLs are passed on as they are. */
const URL_LIKE = /^[a-z][a-z0-9+.-]*:/i;
/** A Windows drive letter looks like a scheme; it is a path. */
const DRIVE = /^[a-z]:[\\/]/i;

/** A path relative to the pairs file's folder, made absolute; URLs and absolute paths unchanged. */
export function resolveImageRef(ref: string, baseDir: string): string {
  if ((URL_LIKE.test(ref) && !DRIVE.test(ref)) || isAbsolute(ref)) return ref;
  return resolve(baseDir, ref);
}

/**
 * Reads a pairs.jsonl file (one core PairSchema object a line; blank lines skipped): every line is
 * checked, and the first bad one is a UsageError naming file:line and the field, so a user can fix it.
 * Image paths are resolved against the file's folder; ids must be unique (they key results and reports).
 */
export async function readPairsFile(file: string): Promise<PairOnLine[]> {
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
  const baseDir = dirname(resolve(file));
  const pairs: PairOnLine[] = [];
  for (const { line, value: pair } of uniqueById(parseJsonlLines(text, PairSchema, problems), problems)) {
    for (const key of ['source', 'a', 'b'] as const) pair[key] = resolveImageRef(pair[key], baseDir);
    pairs.push({ pair, line });
  }
  problems.throwFirst(UsageError);
  if (pairs.length === 0) throw new UsageError(`${file} has no pairs; write one JSON object per line`);
  return pairs;
}

import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { PairSchema, UsageError, type Pair } from '../core/index.js';

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

/** The value at an issue's path in what the line held (undefined when the field is absent). */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const field = issue.path.length === 0 ? '(line)' : issue.path.join('.');
  const missing = issue.path.length > 0 && valueAt(value, issue.path) === undefined;
  return `field '${field}': ${missing ? 'is missing' : issue.message}`;
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
  const baseDir = dirname(resolve(file));
  const pairs: PairOnLine[] = [];
  const idLines = new Map<string, number>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const line = i + 1;
    const where = `${file}:${line}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new UsageError(
        `${where}: not valid JSON (${(error as Error).message}); write one JSON object per line`,
      );
    }
    const parsed = PairSchema.safeParse(value);
    if (!parsed.success) {
      throw new UsageError(`${where}: ${describeIssue(parsed.error.issues[0]!, value)}`);
    }
    const pair = parsed.data;
    const earlier = idLines.get(pair.id);
    if (earlier !== undefined) {
      throw new UsageError(
        `${where}: field 'id': '${pair.id}' is already used on line ${earlier}; ids must be unique`,
      );
    }
    idLines.set(pair.id, line);
    for (const key of ['source', 'a', 'b'] as const) pair[key] = resolveImageRef(pair[key], baseDir);
    pairs.push({ pair, line });
  }
  if (pairs.length === 0) throw new UsageError(`${file} has no pairs; write one JSON object per line`);
  return pairs;
}

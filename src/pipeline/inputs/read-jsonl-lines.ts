import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ConfigError } from '../../core/index.js';

/** At most this many problems are listed; a file with more is broken the same way throughout. */
const MAX_LISTED = 50;

/** A JSONL line parsed against a schema, with its 1-based line number. */
export interface NumberedLine<T> {
  line: number;
  value: T;
}

/** Collects `file:line: field: message` problems and throws them as one ConfigError. */
export class LineProblems {
  private readonly problems: { line: number; text: string }[] = [];
  constructor(private readonly file: string) {}

  add(line: number, field: string | undefined, message: string): void {
    this.problems.push({ line, text: `${this.file}:${line}: ${field ? `${field}: ` : ''}${message}` });
  }

  /** Throws a ConfigError listing the problems in line order (checks that wait on the disk finish in any order). */
  throwIfAny(what: string): void {
    if (this.problems.length === 0) return;
    const listed = [...this.problems]
      .sort((a, b) => a.line - b.line)
      .slice(0, MAX_LISTED)
      .map((p) => p.text);
    const more = this.problems.length - listed.length;
    throw new ConfigError(
      `${what} ${this.file} has ${this.problems.length} problem${this.problems.length === 1 ? '' : 's'}; fix these lines:\n${listed
        .map((p) => `  ${p}`)
        .join('\n')}${more > 0 ? `\n  ... and ${more} more` : ''}`,
    );
  }
}

/**
 * Reads a JSONL file line by line against `schema`, skipping blank lines. Every bad line is reported
 * in `problems` (invalid JSON, or each field that fails) rather than stopping at the first.
 */
export async function readJsonlLines<S extends z.ZodType>(
  file: string,
  schema: S,
  problems: LineProblems,
  what: string,
): Promise<NumberedLine<z.output<S>>[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new ConfigError(`cannot read ${what} ${file} (${code}): check the path in the run config`, {
      cause: error,
    });
  }
  const lines: NumberedLine<z.output<S>>[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      problems.add(line, undefined, `not valid JSON (${(error as Error).message})`);
      return;
    }
    const parsed = schema.safeParse(json, {
      error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined),
    });
    if (parsed.success) lines.push({ line, value: parsed.data });
    else
      for (const issue of parsed.error.issues)
        problems.add(line, issue.path.join('.') || undefined, issue.message);
  });
  return lines;
}

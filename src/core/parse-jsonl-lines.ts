import type { z } from 'zod';
import type { EditR1Error } from './errors.js';

/** At most this many problems are listed; a file with more is broken the same way throughout. */
const MAX_LISTED = 50;

/** A JSONL line that passed its schema, with its 1-based line number. */
export interface NumberedLine<T> {
  line: number;
  value: T;
}

/**
 * How a problem names its field: `id: ` (the pipeline's files, as its run config errors do) or
 * `field 'id': ` (pairs files, whose messages users and tests already read that way).
 */
export type FieldStyle = 'plain' | 'quoted';

/** An error class of ours, made from its message alone (UsageError, ConfigError, ...). */
type ErrorClass = new (message: string) => EditR1Error;

/**
 * The problems of one file, each `file:line: field: message`. Checks may add them in any order (those
 * that wait on the disk finish in any order); they are reported in line order, a line's own in the
 * order they were added. The caller picks the error class and how many to show.
 */
export class LineProblems {
  private readonly problems: { line: number; text: string }[] = [];
  constructor(
    readonly file: string,
    private readonly style: FieldStyle = 'plain',
  ) {}

  /** `field` is a path such as `principles.0.category`; undefined when the line as a whole is wrong. */
  add(line: number, field: string | undefined, message: string): void {
    const label = field === undefined ? '' : this.style === 'quoted' ? `field '${field}': ` : `${field}: `;
    this.problems.push({ line, text: `${this.file}:${line}: ${label}${message}` });
  }

  /** Throws every problem (the first MAX_LISTED) under `<what> <file> has N problems; fix these lines:`. */
  throwIfAny(ErrorClass: ErrorClass, what: string): void {
    const sorted = this.sorted();
    if (sorted.length === 0) return;
    const listed = sorted.slice(0, MAX_LISTED).map((text) => `\n  ${text}`);
    const more = sorted.length - listed.length;
    throw new ErrorClass(
      `${what} ${this.file} has ${sorted.length} problem${sorted.length === 1 ? '' : 's'}; fix these lines:${listed.join('')}${more > 0 ? `\n  ... and ${more} more` : ''}`,
    );
  }

  /** Throws the earliest problem alone, as one line: the convention for pairs files, fixed a line at a time. */
  throwFirst(ErrorClass: ErrorClass): void {
    const [first] = this.sorted();
    if (first !== undefined) throw new ErrorClass(first);
  }

  private sorted(): string[] {
    // Array sort is stable, so a line's problems keep the order they were added in.
    return [...this.problems].sort((a, b) => a.line - b.line).map((p) => p.text);
  }
}

/** A field absent from the line says so, unless its schema words that itself (schema messages win). */
const missingField: z.core.$ZodErrorMap = (issue) => (issue.input === undefined ? 'is missing' : undefined);

/**
 * The lines of a JSONL text that pass `schema`, numbered from 1, in file order. Blank lines are skipped,
 * and whitespace around a line is ignored (a CRLF's `\r`, a byte order mark). A line that is not JSON
 * adds one problem; a line that fails the schema adds one per issue, named by the issue's path, so a
 * whole file can be fixed in one pass. Pure: the caller reads the file and says what a failure is.
 */
export function parseJsonlLines<S extends z.ZodType>(
  text: string,
  schema: S,
  problems: LineProblems,
): NumberedLine<z.output<S>>[] {
  const lines: NumberedLine<z.output<S>>[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    // String trim also removes U+FEFF, so a file saved with a BOM reads like one without.
    const trimmed = raw.trim();
    if (trimmed === '') return;
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (error) {
      problems.add(
        line,
        undefined,
        `not valid JSON (${(error as Error).message}); write one JSON object per line`,
      );
      return;
    }
    const parsed = schema.safeParse(json, { error: missingField });
    if (parsed.success) lines.push({ line, value: parsed.data });
    else
      for (const issue of parsed.error.issues)
        problems.add(line, issue.path.map(String).join('.') || undefined, issue.message);
  });
  return lines;
}

/**
 * The lines whose `id` no earlier line used; each repeat adds a problem naming the line that used it
 * first, and is left out, so a file whose rows are referred to by id cannot make one id mean two rows.
 */
export function uniqueById<T extends { id: string }>(
  lines: readonly NumberedLine<T>[],
  problems: LineProblems,
): NumberedLine<T>[] {
  const firstLine = new Map<string, number>();
  return lines.filter(({ line, value }) => {
    const earlier = firstLine.get(value.id);
    if (earlier !== undefined) {
      problems.add(line, 'id', `'${value.id}' is already used on line ${earlier}; ids must be unique`);
      return false;
    }
    firstLine.set(value.id, line);
    return true;
  });
}

import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { ConfigError, parseJsonlLines, type LineProblems, type NumberedLine } from '../../core/index.js';

/**
 * Reads a JSONL file named by the run config and parses it against `schema` (core's parseJsonlLines:
 * every bad line goes to `problems`). A file that cannot be read is a ConfigError pointing at the config.
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
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(`cannot read ${what} ${file} (${code}): check the path in the run config`, {
      cause: error,
    });
  }
  return parseJsonlLines(text, schema, problems);
}

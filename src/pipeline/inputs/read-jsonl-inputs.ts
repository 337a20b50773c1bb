import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import pLimit from 'p-limit';
import { ConfigError, LineProblems } from '../../core/index.js';
import { sha256File } from './files.js';
import { InputLineSchema } from './input-line.js';
import { readJsonlLines } from './read-jsonl-lines.js';
import type { PreparedInput } from './types.js';

/** Files hashed at once: reading is I/O bound, and a few in flight keep the disk busy. */
const HASH_CONCURRENCY = 8;

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The inputs of a JSONL file `{id, source, instruction, category?, principles?}` per line, in file order:
 * source paths resolved against the file's folder and checked to exist, their bytes hashed. Every
 * problem (bad JSON, a bad field, a duplicate id, a missing image, missing principles when
 * `needPrinciples`) is listed as `file:line: field: message` in one ConfigError.
 */
export async function readJsonlInputs(file: string, needPrinciples: boolean): Promise<PreparedInput[]> {
  const problems = new LineProblems(file);
  const lines = await readJsonlLines(file, InputLineSchema, problems, 'inputs JSONL');
  const base = dirname(file);
  const firstLine = new Map<string, number>();
  const limit = pLimit(HASH_CONCURRENCY);
  const prepared = await Promise.all(
    lines.map(({ line, value }) =>
      limit(async (): Promise<PreparedInput | null> => {
        const earlier = firstLine.get(value.id);
        if (earlier !== undefined) {
          problems.add(line, 'id', `"${value.id}" is already the id of line ${earlier}; ids must be unique`);
          return null;
        }
        firstLine.set(value.id, line);
        if (needPrinciples && value.principles === undefined) {
          problems.add(
            line,
            'principles',
            'required: the decomposer is {type: given}; add principles to every line, or use decomposer {type: rule} or {type: vlm}',
          );
        }
        const source = resolve(base, value.source);
        if (!(await isFile(source))) {
          problems.add(line, 'source', `no file at ${source}; paths are relative to the JSONL file`);
          return null;
        }
        return {
          id: value.id,
          source,
          instruction: value.instruction,
          ...(value.category === undefined ? {} : { category: value.category }),
          ...(value.principles === undefined ? {} : { principles: value.principles }),
          sourceSha256: await sha256File(source),
        };
      }),
    ),
  );
  problems.throwIfAny(ConfigError, 'the inputs JSONL');
  return prepared.filter((input): input is PreparedInput => input !== null);
}

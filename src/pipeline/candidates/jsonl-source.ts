import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, InvalidImageError, LineProblems } from '../../core/index.js';
import type { CandidateSourceConfig } from '../config/index.js';
import { InputIdSchema, readJsonlLines, sha256File } from '../inputs/index.js';
import type { CandidateSource } from './types.js';
import { unplanned } from './unplanned.js';

type JsonlConfig = Extract<CandidateSourceConfig, { type: 'jsonl' }>;

/** One line: an edited image of an input. Extra fields are ignored. */
const CandidateLineSchema = z.object({
  inputId: InputIdSchema,
  /** Relative to the JSONL file, or absolute. */
  edited: z.string({ error: 'expected a path' }).min(1, 'expected a path'),
  /** The candidate's id within its input (default: `edited` as written). */
  id: z.string().min(1, 'expected a non-empty id').optional(),
});

/**
 * Existing edits listed in a JSONL file, `{inputId, edited, id?}` per line, in file order per input.
 * Read and checked once when the source is made: every bad line, duplicate (inputId, id) and missing
 * image is listed as `file:line: field: message` in one ConfigError.
 */
export async function createJsonlSource(config: JsonlConfig): Promise<CandidateSource> {
  const problems = new LineProblems(config.path);
  const lines = await readJsonlLines(config.path, CandidateLineSchema, problems, 'candidates JSONL');
  const byInput = new Map<string, Map<string, string>>();
  const seen = new Map<string, number>();
  for (const { line, value } of lines) {
    const id = value.id ?? value.edited;
    const key = JSON.stringify([value.inputId, id]);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.add(
        line,
        'id',
        `input "${value.inputId}" already has candidate "${id}" (line ${earlier}); give each an id`,
      );
      continue;
    }
    seen.set(key, line);
    const edited = resolve(dirname(config.path), value.edited);
    const isFile = await stat(edited).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!isFile) problems.add(line, 'edited', `no file at ${edited}; paths are relative to the JSONL file`);
    const mine = byInput.get(value.inputId) ?? new Map<string, string>();
    mine.set(id, edited);
    byInput.set(value.inputId, mine);
  }
  problems.throwIfAny(ConfigError, 'the candidates JSONL');
  return {
    name: config.name,
    type: 'jsonl',
    resource: 'local',
    plan: (input) =>
      [...(byInput.get(input.id) ?? new Map<string, string>())].map(([candidateId, file]) => ({
        candidateId,
        parts: { source: config.name, type: 'jsonl', inputId: input.id, id: candidateId, file },
      })),
    async run(input, candidateId) {
      const edited = byInput.get(input.id)?.get(candidateId);
      if (edited === undefined) throw unplanned(config.name, input.id, candidateId);
      const sha256 = await sha256File(edited).catch((error: unknown) => {
        throw new InvalidImageError(
          `cannot read candidate image ${edited}: it was listed at the start of the run; put it back`,
          edited,
          { cause: error },
        );
      });
      return { edited, sha256, editor: config.name, candidateId };
    },
  };
}

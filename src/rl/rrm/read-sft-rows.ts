import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { PrincipleListSchema, UsageError, type Principle } from '../../core/index.js';
import { parseJudgeReply } from '../../rrm/index.js';
import type { RrmTrace } from './types.js';

/** One kept row as SFT uses it: the quadruple, and the trace's tokens. */
export interface SftRow {
  id: string;
  source: string;
  edited: string;
  instruction: string;
  principles: Principle[];
  trace: RrmTrace;
}

/** The fields of the pipeline's rows.jsonl (a SelectedRow per line) SFT reads; the rest are ignored. */
const RowSchema = z.looseObject({
  quadrupleId: z.string().min(1),
  instruction: z.string().min(1),
  source: z.string().min(1),
  edited: z.string().min(1),
  principles: PrincipleListSchema,
  trace: z.string(),
  finalScore: z.number().min(0).max(10),
});

/** A rows.jsonl path, or a folder holding one (the export folder). */
async function rowsFile(path: string): Promise<string> {
  const info = await stat(path).catch((cause: unknown) => {
    throw new UsageError(
      `cannot read SFT data ${path}: give the export folder or its rows.jsonl (export with --format jsonl)`,
      { cause },
    );
  });
  return info.isDirectory() ? join(path, 'rows.jsonl') : path;
}

/**
 * Reads the pipeline's 'jsonl' export: per row, the kept trace's 0/1 points as Phi (parseJudgeReply)
 * reads them, and the row's final score rounded to 0.5 (the policy's score vocabulary). A row whose
 * trace leaves a principle unscored is left out and counted, never guessed; a malformed line is a
 * UsageError naming file and line. Image paths are resolved against the file's folder.
 */
export async function readSftRows(
  paths: string | readonly string[],
): Promise<{ rows: SftRow[]; leftOut: number }> {
  const rows: SftRow[] = [];
  let leftOut = 0;
  for (const given of typeof paths === 'string' ? [paths] : paths) {
    const file = await rowsFile(given);
    const base = dirname(resolve(file));
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((text, i) => {
      if (text.trim() === '') return;
      let raw: unknown;
      try {
        raw = JSON.parse(text);
      } catch (cause) {
        throw new UsageError(
          `${file}:${i + 1} is not JSON: give the rows.jsonl the pipeline's jsonl export wrote`,
          { cause },
        );
      }
      const parsed = RowSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new UsageError(`${file}:${i + 1}: field '${issue.path.join('.')}': ${issue.message}`);
      }
      const row = parsed.data;
      let points: (0 | 1)[];
      try {
        const reply = parseJudgeReply(row.trace, row.principles);
        if (reply.points.some((p) => p.score === null)) throw new Error('unscored principle');
        points = reply.points.map((p) => p.score as 0 | 1);
      } catch {
        leftOut++;
        return;
      }
      rows.push({
        id: row.quadrupleId,
        source: resolve(base, row.source),
        edited: resolve(base, row.edited),
        instruction: row.instruction,
        principles: row.principles,
        trace: { points, finalScore: Math.round(row.finalScore * 2) / 2 },
      });
    });
  }
  return { rows, leftOut };
}

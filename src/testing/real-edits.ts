import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real (source, instruction, edited) photos beside the repository, in ../shared/data/real-edits
 * (AURORA's test split; see its README). CI has that folder; a user's checkout does not, so tests that
 * use it skip with `realEditsSkip` as their reason, and only when the folder is absent.
 */
export const REAL_EDITS_DIR = fileURLToPath(new URL('../../../shared/data/real-edits/', import.meta.url));

export const realEditsSkip: string | false = existsSync(join(REAL_EDITS_DIR, 'edits.jsonl'))
  ? false
  : `the real photos are absent: ${REAL_EDITS_DIR} (shared/data/real-edits beside the repository) was not found`;

export interface RealEdit {
  id: string;
  task: 'whatsup' | 'magicbrush';
  instruction: string;
  /** Absolute path of the source photo. */
  source: string;
  /** Absolute path of the intended edit. */
  target: string;
}

/** Every row of edits.jsonl with its image paths made absolute. */
export function readRealEdits(): RealEdit[] {
  return readFileSync(join(REAL_EDITS_DIR, 'edits.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as RealEdit;
      return { ...row, source: join(REAL_EDITS_DIR, row.source), target: join(REAL_EDITS_DIR, row.target) };
    });
}

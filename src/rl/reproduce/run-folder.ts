import { access, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../../core/index.js';
import { readTrainerCheckpoint, type TrainerCheckpoint } from '../train/index.js';

/** Where a training run keeps its files: checkpoints (step-*.json, latest.json), log.jsonl, report.html. */
export interface RunFolder {
  dir: string;
  logFile: string;
  reportFile: string;
  latest: string;
}

export function runFolder(dir: string): RunFolder {
  return {
    dir,
    logFile: join(dir, 'log.jsonl'),
    reportFile: join(dir, 'report.html'),
    latest: join(dir, 'latest.json'),
  };
}

/**
 * Prepares a run folder. A resumed run reads its latest checkpoint (a UsageError when there is none);
 * a fresh run refuses a folder that already holds one, so a finished run is never overwritten by
 * mistake, and starts an empty log.
 */
export async function openRunFolder(
  dir: string,
  resume: boolean,
): Promise<{ folder: RunFolder; checkpoint: TrainerCheckpoint | undefined }> {
  const folder = runFolder(dir);
  const exists = await access(folder.latest).then(
    () => true,
    () => false,
  );
  if (resume) {
    if (!exists)
      throw new UsageError(
        `nothing to resume in ${dir}: it holds no latest.json (start the run without --resume)`,
      );
    return { folder, checkpoint: await readTrainerCheckpoint(folder.latest) };
  }
  if (exists)
    throw new UsageError(
      `${dir} already holds a run (latest.json): pass --resume to continue it, or another --out`,
    );
  await mkdir(dir, { recursive: true });
  await writeFile(folder.logFile, '');
  return { folder, checkpoint: undefined };
}

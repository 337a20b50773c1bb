import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../../core/index.js';
import type { PolicyCheckpoint, WeightArray } from '../policy.js';
import type { AdamState } from './adam.js';

export const TRAINER_CHECKPOINT_FORMAT = 'edit-r1-rl-checkpoint/1';

/**
 * Everything a run needs to continue as if it had never stopped: the policy, Adam's moments and
 * update count, the frozen reference when a KL term is used, and where the run was. Randomness is
 * not stored: each step draws from a generator derived from (seed, step), so step k's draws do not
 * depend on how the run got there.
 */
export interface TrainerCheckpoint {
  format: typeof TRAINER_CHECKPOINT_FORMAT;
  algorithm: string;
  /** Steps completed; a resumed run starts at this step index. */
  step: number;
  seed: number;
  policy: PolicyCheckpoint;
  optimizer: AdamState;
  reference: WeightArray[] | null;
}

const WeightSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int()),
  values: z.array(z.number()),
});

const CheckpointSchema = z.object({
  format: z.literal(TRAINER_CHECKPOINT_FORMAT),
  algorithm: z.string(),
  step: z.number().int().min(0),
  seed: z.number().int(),
  policy: z.object({ kind: z.string(), config: z.unknown(), weights: z.array(WeightSchema) }),
  optimizer: z.object({
    t: z.number().int().min(0),
    m: z.array(z.array(z.number())),
    v: z.array(z.array(z.number())),
  }),
  reference: z.array(WeightSchema).nullable(),
});

/** Writes `step-<n>.json` and `latest.json` in dir (each written whole, then renamed into place). */
export async function writeTrainerCheckpoint(dir: string, checkpoint: TrainerCheckpoint): Promise<string> {
  await mkdir(dir, { recursive: true });
  const text = JSON.stringify(checkpoint);
  const path = join(dir, `step-${String(checkpoint.step).padStart(6, '0')}.json`);
  for (const target of [path, join(dir, 'latest.json')]) {
    await writeFile(`${target}.tmp`, text);
    await rename(`${target}.tmp`, target);
  }
  return path;
}

/** Reads and validates a checkpoint file; a UsageError says which field is wrong. */
export async function readTrainerCheckpoint(path: string): Promise<TrainerCheckpoint> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (cause) {
    throw new UsageError(`cannot read checkpoint ${path}: give the path of a step-*.json or latest.json`, {
      cause,
    });
  }
  const parsed = CheckpointSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new UsageError(
      `checkpoint ${path} is not a trainer checkpoint: ${issue.path.join('.')}: ${issue.message}`,
    );
  }
  return parsed.data as TrainerCheckpoint;
}

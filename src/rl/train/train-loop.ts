import { createRng, UsageError, type Rng } from '../../core/index.js';
import type { SurrogateOptions } from '../clipped-surrogate.js';
import type { Policy } from '../policy.js';
import { Adam, type AdamOptions } from './adam.js';
import { FrozenReference } from './frozen-reference.js';
import { checkLrSchedule, learningRateAt, type LrSchedule } from './lr-schedule.js';
import { updatePolicy, type RolloutBatch } from './policy-update.js';
import { RunLog, type ProgressMode } from './run-log.js';
import { spread, type StepRecord } from './step-record.js';
import {
  TRAINER_CHECKPOINT_FORMAT,
  writeTrainerCheckpoint,
  type TrainerCheckpoint,
} from './trainer-checkpoint.js';

/** What GRPO and GCPO share: the optimisation, the schedule, checkpoints and logs. */
export interface TrainerOptions<I, A> {
  policy: Policy<I, A>;
  /** Training steps in the whole run (a resumed run counts the steps already done). */
  steps: number;
  seed: number;
  /** A constant rate, or a schedule. */
  lr: number | LrSchedule;
  /** Passes over each rollout batch. Default 1. */
  epochs?: number;
  /** Parts each pass is cut into, one optimiser update each. Default 1. */
  minibatches?: number;
  /** Global gradient-norm limit. Default 1 (TRL's max_grad_norm); Infinity turns it off. */
  maxGradNorm?: number;
  adam?: AdamOptions;
  /** Clip and aggregation of the surrogate (the trainers set their own default aggregation). */
  surrogate?: SurrogateOptions;
  /** Continue a run from its checkpoint (same seed; the policy's weights are replaced). */
  resume?: TrainerCheckpoint;
  /** Write a checkpoint into checkpointDir every this many steps (default: only after the last). */
  checkpointEvery?: number;
  checkpointDir?: string;
  /** JSONL file the step records are appended to. */
  logFile?: string;
  onStep?: (record: StepRecord) => void;
  /** Default 'auto'. */
  progress?: ProgressMode;
}

/** A rollout batch plus what the log reports about it. */
export interface CollectedBatch<I, A> extends Omit<RolloutBatch<I, A>, 'refLogp'> {
  rewards: number[];
  extra: Record<string, number>;
}

export interface TrainResult {
  records: StepRecord[];
  /** The state after the last step (also written to checkpointDir when set). */
  checkpoint: TrainerCheckpoint;
}

/** Step k of a run with this seed always draws from the same generator, however the run got there. */
export function stepRng(seed: number, step: number): Rng {
  return createRng((Math.imul(seed, 0x2c1b3c6d) + Math.imul(step + 1, 0x297a2d39)) | 0);
}

/**
 * The loop both trainers run: per step, `collect` samples and scores a rollout batch (the part that
 * differs between GRPO and GCPO), then the batch is optimised, logged and maybe checkpointed.
 */
export async function runTraining<I, A>(
  algorithm: string,
  options: TrainerOptions<I, A>,
  beta: number,
  collect: (step: number, rng: Rng) => Promise<CollectedBatch<I, A>>,
): Promise<TrainResult> {
  const schedule: LrSchedule =
    typeof options.lr === 'number' ? { kind: 'constant', lr: options.lr } : options.lr;
  checkLrSchedule(schedule, options.steps);
  const epochs = positiveInteger('epochs', options.epochs ?? 1);
  const minibatches = positiveInteger('minibatches', options.minibatches ?? 1);
  if (!(beta >= 0)) throw new UsageError(`beta ${beta} must be >= 0`);
  const { policy } = options;
  const adam = new Adam(policy.variables(), options.adam);
  let reference = beta > 0 ? FrozenReference.of(policy) : null;
  let first = 0;
  if (options.resume) {
    const ckpt = options.resume;
    if (ckpt.algorithm !== algorithm || ckpt.seed !== options.seed) {
      throw new UsageError(
        `the checkpoint is from a ${ckpt.algorithm} run with seed ${ckpt.seed}; resume it with the same algorithm and seed`,
      );
    }
    await policy.load(ckpt.policy);
    adam.setState(ckpt.optimizer);
    reference?.dispose();
    if (beta > 0 && !ckpt.reference) {
      throw new UsageError('the checkpoint has no reference policy (its run had beta 0): resume with beta 0');
    }
    reference = beta > 0 && ckpt.reference ? FrozenReference.fromArrays(policy, ckpt.reference) : null;
    first = ckpt.step;
  }

  const log = new RunLog(options.logFile, options.progress ?? 'auto', options.steps);
  await log.start(first);
  const records: StepRecord[] = [];
  const snapshot = async (step: number): Promise<TrainerCheckpoint> => ({
    format: TRAINER_CHECKPOINT_FORMAT,
    algorithm,
    step,
    seed: options.seed,
    policy: await policy.save(),
    optimizer: adam.state(),
    reference: reference?.arrays() ?? null,
  });
  try {
    for (let step = first; step < options.steps; step++) {
      const started = performance.now();
      const rng = stepRng(options.seed, step);
      const collected = await collect(step, rng);
      const batch: RolloutBatch<I, A> = { ...collected };
      if (reference) batch.refLogp = reference.logProbRows(policy, batch.inputs, batch.actions);
      const entropy = meanEntropy(policy, batch);
      const lr = learningRateAt(schedule, step, options.steps);
      const stats = updatePolicy(
        policy,
        adam,
        batch,
        {
          epochs,
          minibatches,
          surrogate: options.surrogate ?? {},
          beta,
          maxGradNorm: options.maxGradNorm ?? 1,
          learningRate: lr,
        },
        rng,
      );
      const rewards = spread(collected.rewards);
      const advantages = spread(collected.advantages);
      const record: StepRecord = {
        algorithm,
        step,
        loss: stats.loss,
        rewardMean: rewards.mean,
        rewardStd: rewards.std,
        advantageMean: advantages.mean,
        advantageStd: advantages.std,
        advantageMin: advantages.min,
        advantageMax: advantages.max,
        clipFraction: stats.clipFraction,
        approxKl: stats.approxKl,
        klRef: stats.klRef,
        entropy,
        traceLength: spread(batch.masks.map((m) => m.reduce((a, b) => a + b, 0))).mean,
        lr,
        gradNorm: stats.gradNorm,
        skippedUpdates: stats.skippedUpdates,
        seconds: (performance.now() - started) / 1000,
        extra: collected.extra,
      };
      records.push(record);
      await log.write(record);
      const every = options.checkpointEvery ?? options.steps;
      if (options.checkpointDir && ((step + 1) % every === 0 || step + 1 === options.steps)) {
        await writeTrainerCheckpoint(options.checkpointDir, await snapshot(step + 1));
      }
      options.onStep?.(record);
    }
    return { records, checkpoint: await snapshot(Math.max(first, options.steps)) };
  } finally {
    log.stop();
    adam.dispose();
    reference?.dispose();
  }
}

/** Token-mean entropy of the batch under the sampling policy, when the policy can give it. */
function meanEntropy<I, A>(policy: Policy<I, A>, batch: RolloutBatch<I, A>): number | null {
  if (!policy.entropy) return null;
  const h = policy.entropy(batch.inputs, batch.actions);
  const rows = h.arraySync();
  h.dispose();
  let sum = 0;
  let count = 0;
  batch.masks.forEach((mask, b) =>
    mask.forEach((m, t) => {
      if (m === 1) {
        sum += rows[b]![t]!;
        count++;
      }
    }),
  );
  return count === 0 ? null : sum / count;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`${name} ${value} must be an integer >= 1`);
  return value;
}

import { UsageError } from '../../core/index.js';

/**
 * The learning rate over a run, by training step (one rollout batch; every optimiser update within
 * the step uses the step's rate, as verl steps its scheduler once per batch).
 * - 'constant': `lr` throughout.
 * - 'cosine' / 'linear': linear warm-up over `warmupSteps` (step s gets lr * (s+1)/warmupSteps, so
 *   the first step is not wasted at 0 as in Hugging Face's schedulers), then decay from `lr` to
 *   `minLr` (default 0) over the remaining steps, by half a cosine or a straight line.
 */
export type LrSchedule =
  | { kind: 'constant'; lr: number }
  | { kind: 'cosine' | 'linear'; lr: number; warmupSteps?: number; minLr?: number };

/** Decay shapes: the share of (lr - minLr) left at progress p in [0, 1]. */
const DECAY: Readonly<Record<'constant' | 'cosine' | 'linear', (p: number) => number>> = {
  constant: () => 1,
  cosine: (p) => 0.5 * (1 + Math.cos(Math.PI * p)),
  linear: (p) => 1 - p,
};

export const LR_SCHEDULE_KINDS = Object.keys(DECAY) as readonly LrSchedule['kind'][];

/** Throws a UsageError naming the field at fault. */
export function checkLrSchedule(schedule: LrSchedule, totalSteps: number): void {
  if (!LR_SCHEDULE_KINDS.includes(schedule.kind)) {
    throw new UsageError(
      `unknown learning-rate schedule '${schedule.kind}': use one of ${LR_SCHEDULE_KINDS.join(', ')}`,
    );
  }
  if (!(schedule.lr > 0) || !Number.isFinite(schedule.lr)) {
    throw new UsageError(`learning rate ${schedule.lr} must be a finite number > 0`);
  }
  if (!Number.isInteger(totalSteps) || totalSteps < 1) {
    throw new UsageError(`steps ${totalSteps} must be an integer >= 1`);
  }
  if (schedule.kind === 'constant') return;
  const warmup = schedule.warmupSteps ?? 0;
  if (!Number.isInteger(warmup) || warmup < 0 || warmup >= totalSteps) {
    throw new UsageError(`warmupSteps ${warmup} must be an integer in [0, steps) = [0, ${totalSteps})`);
  }
  const minLr = schedule.minLr ?? 0;
  if (!(minLr >= 0) || minLr > schedule.lr) {
    throw new UsageError(`minLr ${minLr} must be in [0, lr] = [0, ${schedule.lr}]`);
  }
}

/** The learning rate of step `step` (0-based) in a run of `totalSteps` steps. */
export function learningRateAt(schedule: LrSchedule, step: number, totalSteps: number): number {
  checkLrSchedule(schedule, totalSteps);
  if (schedule.kind === 'constant') return schedule.lr;
  const warmup = schedule.warmupSteps ?? 0;
  if (step < warmup) return (schedule.lr * (step + 1)) / warmup;
  const minLr = schedule.minLr ?? 0;
  // Progress runs 0 at the first step after warm-up to 1 at the run's last step.
  const span = Math.max(totalSteps - 1 - warmup, 1);
  const p = Math.min(1, Math.max(0, (step - warmup) / span));
  return minLr + (schedule.lr - minLr) * DECAY[schedule.kind](p);
}

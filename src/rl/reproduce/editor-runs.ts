import { createRng, definedOnly, type Judge } from '../../core/index.js';
import { EditorPolicy, makeEditTasks, trainEditorGrpo, type EditTask } from '../editor/index.js';
import type { ProgressMode, StepRecord, TrainerCheckpoint } from '../train/index.js';
import { openRunFolder, type RunFolder } from './run-folder.js';
import { writeRunReport } from './run-report.js';

export interface EditorGrpoRunOptions {
  judge: Judge;
  /** How the reward was named on the command line (embedded, holistic, rrm:PATH, vlm), for the report. */
  rewardName: string;
  /** Training tasks, or the seed and count to make them with. */
  tasks: readonly EditTask[] | { seed: number; count: number };
  out: string;
  seed: number;
  /** Seeds the starting policy's weights (default: seed), so runs can start from the same base editor. */
  initSeed?: number;
  steps?: number;
  lr?: number;
  epochs?: number;
  inputsPerStep?: number;
  groupSize?: number;
  /** k3 KL weight to the starting policy. Default 0. */
  beta?: number;
  checkpointEvery?: number;
  resume?: boolean;
  progress?: ProgressMode;
  onStep?: (record: StepRecord) => void;
}

/** Defaults measured to help on this CPU (RL engineers' runs: ~150 steps, lr 1e-3..3e-3, 8 tasks x 8 edits). */
export const EDITOR_GRPO_DEFAULTS = { steps: 150, lr: 2e-3, inputsPerStep: 8, groupSize: 8, taskCount: 128 };

/**
 * `train editor --grpo`: GRPO on the miniature editor with any judge as reward, the oracle watching,
 * into a run folder (checkpoints, log.jsonl with judge reward and oracle score per step, report.html
 * with the learning curve and the judge-vs-oracle plot).
 */
export async function runEditorGrpo(
  options: EditorGrpoRunOptions,
): Promise<{ policy: EditorPolicy; folder: RunFolder; checkpoint: TrainerCheckpoint; resumedFrom: number }> {
  const { folder, checkpoint } = await openRunFolder(options.out, options.resume === true);
  const tasks = 'seed' in options.tasks ? await makeEditTasks(options.tasks) : options.tasks;
  const policy = new EditorPolicy(undefined, createRng(options.initSeed ?? options.seed));
  const inputsPerStep = Math.min(options.inputsPerStep ?? EDITOR_GRPO_DEFAULTS.inputsPerStep, tasks.length);
  const result = await trainEditorGrpo({
    policy,
    judge: options.judge,
    inputs: tasks,
    inputsPerStep,
    groupSize: options.groupSize ?? EDITOR_GRPO_DEFAULTS.groupSize,
    steps: options.steps ?? EDITOR_GRPO_DEFAULTS.steps,
    lr: options.lr ?? EDITOR_GRPO_DEFAULTS.lr,
    ...definedOnly({ epochs: options.epochs, beta: options.beta, onStep: options.onStep }),
    seed: options.seed,
    ...(checkpoint ? { resume: checkpoint } : {}),
    checkpointDir: folder.dir,
    checkpointEvery: options.checkpointEvery ?? 10,
    logFile: folder.logFile,
    progress: options.progress ?? 'auto',
  });
  await writeRunReport(folder.reportFile, folder.logFile, {
    title: `Miniature editor: GRPO with the ${options.rewardName} reward`,
    facts: [
      ['reward', options.rewardName],
      ['tasks', `${tasks.length} (${inputsPerStep} per step)`],
      ['steps', String(result.checkpoint.step)],
      ['seed', String(options.seed)],
      ['resumed from step', String(checkpoint?.step ?? 0)],
    ],
  });
  return { policy, folder, checkpoint: result.checkpoint, resumedFrom: checkpoint?.step ?? 0 };
}

import { createRng, definedOnly } from '../../core/index.js';
import type { PairOnLine } from '../../bench/index.js';
import type { RrmFeaturizer } from '../rrm/index.js';
import {
  MiniRrmPolicy,
  trainRrmGcpo,
  trainRrmSft,
  type MiniRrmConfig,
  type SftEpochRecord,
} from '../rrm/index.js';
import type { ProgressMode, StepRecord, TrainerCheckpoint } from '../train/index.js';
import { openRunFolder, type RunFolder } from './run-folder.js';
import { writeRunReport } from './run-report.js';

export interface RrmSftRunOptions {
  /** The pipeline's jsonl export folder(s) or rows.jsonl file(s). */
  data: string | readonly string[];
  out: string;
  seed: number;
  epochs?: number;
  lr?: number;
  batchSize?: number;
  config?: Partial<MiniRrmConfig>;
  resume?: boolean;
  featurizer?: RrmFeaturizer;
  onEpoch?: (record: SftEpochRecord) => void;
}

export interface RunOutcome {
  policy: MiniRrmPolicy;
  folder: RunFolder;
  checkpoint: TrainerCheckpoint;
  /** Where the run started (0, or the resumed checkpoint's step). */
  resumedFrom: number;
}

/** `train rrm --sft`: SFT of the miniature RRM into a run folder, with checkpoints per epoch, log and report. */
export async function runRrmSft(
  options: RrmSftRunOptions,
): Promise<RunOutcome & { rows: { train: number; validation: number; leftOut: number } }> {
  const { folder, checkpoint } = await openRunFolder(options.out, options.resume === true);
  const policy = checkpoint
    ? await MiniRrmPolicy.fromCheckpoint(checkpoint.policy, createRng(options.seed))
    : undefined;
  const result = await trainRrmSft({
    data: options.data,
    seed: options.seed,
    ...definedOnly({
      epochs: options.epochs,
      lr: options.lr,
      batchSize: options.batchSize,
      featurizer: options.featurizer,
      onEpoch: options.onEpoch,
    }),
    ...(policy ? { policy } : options.config ? { config: options.config } : {}),
    ...(checkpoint ? { resume: checkpoint } : {}),
    checkpointDir: folder.dir,
    logFile: folder.logFile,
  });
  await writeRunReport(folder.reportFile, folder.logFile, {
    title: 'Miniature RRM: cold-start SFT',
    facts: [
      ['data', String(options.data)],
      [
        'rows',
        `${result.rows.train} train, ${result.rows.validation} held out, ${result.rows.leftOut} left out`,
      ],
      ['epochs', String(result.checkpoint.step)],
      ['seed', String(options.seed)],
      ['resumed from epoch', String(checkpoint?.step ?? 0)],
    ],
  });
  return {
    policy: result.policy,
    folder,
    checkpoint: result.checkpoint,
    resumedFrom: checkpoint?.step ?? 0,
    rows: result.rows,
  };
}

export interface RrmGcpoRunOptions {
  /** The SFT run folder or checkpoint file, or a policy. */
  init: string | MiniRrmPolicy;
  pairs: string | readonly string[] | readonly PairOnLine[];
  out: string;
  seed: number;
  steps?: number;
  lr?: number;
  epochs?: number;
  pairsPerStep?: number;
  traces?: number;
  checkpointEvery?: number;
  resume?: boolean;
  featurizer?: RrmFeaturizer;
  progress?: ProgressMode;
  onStep?: (record: StepRecord) => void;
}

/** `train rrm --gcpo`: GCPO of the miniature RRM from an SFT checkpoint into a run folder. */
export async function runRrmGcpo(options: RrmGcpoRunOptions): Promise<RunOutcome & { pairs: number }> {
  const { folder, checkpoint } = await openRunFolder(options.out, options.resume === true);
  const result = await trainRrmGcpo({
    init: options.init,
    pairs: options.pairs,
    seed: options.seed,
    ...definedOnly({
      steps: options.steps,
      lr: options.lr,
      epochs: options.epochs,
      pairsPerStep: options.pairsPerStep,
      traces: options.traces,
      featurizer: options.featurizer,
      onStep: options.onStep,
    }),
    ...(checkpoint ? { resume: checkpoint } : {}),
    checkpointDir: folder.dir,
    checkpointEvery: options.checkpointEvery ?? 10,
    logFile: folder.logFile,
    progress: options.progress ?? 'auto',
  });
  await writeRunReport(folder.reportFile, folder.logFile, {
    title: 'Miniature RRM: GCPO',
    facts: [
      ['init', typeof options.init === 'string' ? options.init : 'a policy in memory'],
      ['ranked pairs', String(result.pairs)],
      ['steps', String(result.checkpoint.step)],
      ['seed', String(options.seed)],
      ['resumed from step', String(checkpoint?.step ?? 0)],
    ],
  });
  return {
    policy: result.policy,
    folder,
    checkpoint: result.checkpoint,
    resumedFrom: checkpoint?.step ?? 0,
    pairs: result.pairs,
  };
}

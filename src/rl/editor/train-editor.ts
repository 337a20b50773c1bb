import { appendFileSync, writeFileSync } from 'node:fs';
import type { Judge } from '../../core/index.js';
import { trainGrpo, type GrpoOptions, type StepRecord, type TrainResult } from '../train/index.js';
import type { EditProgram } from './edit-program.js';
import type { EditTask } from './edit-task.js';
import { editorReward } from './editor-reward.js';
import type { RewardWatch } from './reward-watch.js';

export interface TrainEditorOptions extends Omit<GrpoOptions<EditTask, EditProgram>, 'reward'> {
  /** The reward model: the embedded judge, the miniature RRM, a VLM judge, the holistic scorer. */
  judge: Judge;
  /** Edits judged at once. Default 4. */
  concurrency?: number;
}

/**
 * GRPO on the miniature editor with a judge as reward, keeping the reward-hacking watch: each step
 * record's `extra` gains oracleMean (0-1, as the reward), judgeMinusOracle, judgeFailures and the
 * seconds spent rendering and judging. The trainer writes its log before it knows of the watch, so
 * here the JSONL log (logFile) is written from the completed records instead, one line per step
 * with both scores.
 */
export async function trainEditorGrpo(
  options: TrainEditorOptions,
): Promise<TrainResult & { watch: RewardWatch }> {
  const { judge, concurrency, logFile, onStep, ...rest } = options;
  const reward = editorReward(judge, concurrency === undefined ? {} : { concurrency });
  if (logFile && !options.resume) writeFileSync(logFile, '');
  const result = await trainGrpo<EditTask, EditProgram>({
    ...rest,
    reward,
    onStep: (record: StepRecord) => {
      Object.assign(record.extra, reward.watch.extra());
      if (logFile) appendFileSync(logFile, `${JSON.stringify(record)}\n`);
      onStep?.(record);
    },
  });
  return { ...result, watch: reward.watch };
}

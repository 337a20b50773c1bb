import pLimit from 'p-limit';
import type { Judge } from '../../core/index.js';
import type { RewardFunction } from '../train/index.js';
import { editOutcome, oracleOfScene } from './edit-outcome.js';
import type { EditProgram } from './edit-program.js';
import type { EditTask } from './edit-task.js';
import { RewardWatch } from './reward-watch.js';

export interface EditorRewardOptions {
  /** Edits rendered and judged at once (sharp works on its own threads). Default 4. */
  concurrency?: number;
  /** Where the batches are recorded; a new watch when absent. */
  watch?: RewardWatch;
}

/** A reward function that also keeps the reward-hacking watch. */
export type EditorReward = RewardFunction<EditTask, EditProgram> & { watch: RewardWatch };

/**
 * GRPO's reward for the miniature editor (PAPER.md section 5: reward = the RRM's final score):
 * each program's edit is rendered and scored by `judge` against the task's gold principles,
 * reward = finalScore / 10. Any Judge plugs in: the embedded judge, a VLM judge over HTTP, the
 * miniature RRM. The oracle scores every edit too, recorded beside the reward in `watch` and never
 * used for training. A judgement that fails (nothing verifiable, an unparseable reply) gets reward 0
 * and is counted in the watch: a group must have a finite reward per action, and 0 is what the
 * paper's hard rules give an edit that cannot be shown to be right.
 */
export function editorReward(judge: Judge, options: EditorRewardOptions = {}): EditorReward {
  const watch = options.watch ?? new RewardWatch();
  const limit = pLimit(options.concurrency ?? 4);
  const reward = async (tasks: readonly EditTask[], programs: readonly EditProgram[]): Promise<number[]> => {
    let renderSeconds = 0;
    let judgeSeconds = 0;
    let judgeFailures = 0;
    const scored = await Promise.all(
      programs.map((program, b) =>
        limit(async () => {
          const task = tasks[b]!;
          let started = performance.now();
          const { scene, image } = await editOutcome(task, program);
          renderSeconds += (performance.now() - started) / 1000;
          started = performance.now();
          let value = 0;
          try {
            const verdict = await judge.judge({
              source: task.sourceImage,
              edited: image,
              instruction: task.edit.instruction,
              principles: task.edit.principles,
            });
            value = verdict.finalScore / 10;
          } catch {
            judgeFailures++;
          }
          judgeSeconds += (performance.now() - started) / 1000;
          return { value, oracle: oracleOfScene(task, scene) / 10 };
        }),
      ),
    );
    const rewards = scored.map((s) => s.value);
    watch.record({
      rewards,
      oracle: scored.map((s) => s.oracle),
      judgeFailures,
      renderSeconds,
      judgeSeconds,
    });
    return rewards;
  };
  return Object.assign(reward, { watch });
}

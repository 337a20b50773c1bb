import { UsageError } from '../../core/index.js';

/** Sizes and steps of a reproduce run. */
export interface ReproduceSettings {
  /** EditWorld scenes the pipeline makes SFT data from, and candidate edits per scene. */
  pipelineSources: number;
  candidatesPerSource: number;
  /** Preference pairs GCPO trains on, and held-out pairs both RRMs are evaluated on. */
  trainPairs: number;
  testPairs: number;
  sftEpochs: number;
  sftLr: number;
  gcpoSteps: number;
  gcpoLr: number;
  gcpoPairsPerStep: number;
  gcpoTraces: number;
  /** Editor tasks trained on and held out. */
  editorTasks: number;
  editorTestTasks: number;
  editorSteps: number;
  editorLr: number;
  editorInputsPerStep: number;
  editorGroupSize: number;
  bootstrapResamples: number;
}

/** The full run: sized to finish in about 15 minutes on this 2-core CPU (docs/RESULTS.md has the times). */
export const FULL_SETTINGS: ReproduceSettings = {
  pipelineSources: 300,
  candidatesPerSource: 4,
  trainPairs: 1200,
  testPairs: 1500,
  sftEpochs: 40,
  sftLr: 3e-3,
  gcpoSteps: 100,
  gcpoLr: 1e-3,
  gcpoPairsPerStep: 16,
  gcpoTraces: 8,
  editorTasks: 128,
  editorTestTasks: 128,
  editorSteps: 150,
  editorLr: 2e-3,
  editorInputsPerStep: 8,
  editorGroupSize: 8,
  bootstrapResamples: 2000,
};

/** `--quick`: every stage at toy size, to check the plumbing (its numbers mean nothing). */
export const QUICK_SETTINGS: ReproduceSettings = {
  pipelineSources: 6,
  candidatesPerSource: 3,
  trainPairs: 24,
  testPairs: 24,
  sftEpochs: 2,
  sftLr: 3e-3,
  gcpoSteps: 2,
  gcpoLr: 1e-3,
  gcpoPairsPerStep: 4,
  gcpoTraces: 4,
  editorTasks: 6,
  editorTestTasks: 6,
  editorSteps: 2,
  editorLr: 2e-3,
  editorInputsPerStep: 3,
  editorGroupSize: 4,
  bootstrapResamples: 200,
};

/**
 * Seeds of the training data and trainers (fixed) and of the held-out evaluation (chosen with --seed):
 * the pipeline's scenes, the GCPO pairs, the editor's training tasks, each trainer, the base editor.
 */
export const TRAINING_SEEDS = {
  pipeline: 11,
  gcpoPairs: 12,
  editorTasks: 13,
  sft: 21,
  gcpo: 22,
  editorGrpo: 23,
  editorInit: 24,
} as const;

/** The held-out seeds --seed selects: EditWorld pairs from `seed`, editor tasks from `seed + 1`. */
export function heldOutSeeds(seed: number): { pairs: number; tasks: number } {
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed ${seed} must be an integer`);
  const data = [TRAINING_SEEDS.pipeline, TRAINING_SEEDS.gcpoPairs, TRAINING_SEEDS.editorTasks] as number[];
  if (data.includes(seed) || data.includes(seed + 1)) {
    throw new UsageError(
      `--seed ${seed} would evaluate on training data (seeds ${data.join(', ')} make it): pick another`,
    );
  }
  return { pairs: seed, tasks: seed + 1 };
}

import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng, UsageError } from '../../core/index.js';
import type { PairOnLine } from '../../bench/index.js';
import {
  readTrainerCheckpoint,
  trainGcpo,
  type TrainerCheckpoint,
  type TrainerOptions,
  type TrainResult,
} from '../train/index.js';
import { featurizePairs, loadPairs } from './featurize-pairs.js';
import { MiniRrmPolicy } from './mini-rrm-policy.js';
import { RrmFeaturizer } from './rrm-featurizer.js';
import type { RrmInput, RrmTrace } from './types.js';

export interface RrmGcpoOptions extends Omit<TrainerOptions<RrmInput, RrmTrace>, 'policy' | 'steps' | 'lr'> {
  /** The SFT policy: a trainer checkpoint file (or the folder holding latest.json), one already read, or a policy. */
  init: string | TrainerCheckpoint | MiniRrmPolicy;
  /** pairs.jsonl file(s) with principles; 'same' pairs are left out, as the paper does. */
  pairs: string | readonly string[] | readonly PairOnLine[];
  /** Default 60. */
  steps?: number;
  /** Default 1e-3. */
  lr?: TrainerOptions<RrmInput, RrmTrace>['lr'];
  /** Pairs per step. Default 16 (or every ranked pair, when fewer). */
  pairsPerStep?: number;
  /** Traces per image: N. Default 8 (PAPER.md: GRPO-family default). */
  traces?: number;
  featurizer?: RrmFeaturizer;
}

/** A checkpoint path: a file, or a run folder whose latest.json is read. */
async function readInit(init: string): Promise<TrainerCheckpoint> {
  const info = await stat(init).catch(() => null);
  return readTrainerCheckpoint(info?.isDirectory() ? join(init, 'latest.json') : init);
}

/**
 * GCPO on the miniature RRM (PAPER.md section 4) through the trainers' trainGcpo: per step, pairs with
 * a winner, N traces of each edit, win/loss ratio rewards, group-centred advantages, the clipped
 * surrogate aggregated 'seq-mean-token-mean', no KL. A trace's score is its final-score token.
 */
export async function trainRrmGcpo(
  options: RrmGcpoOptions,
): Promise<TrainResult & { policy: MiniRrmPolicy; pairs: number }> {
  const { init, pairs: given, featurizer, ...rest } = options;
  const policy =
    init instanceof MiniRrmPolicy
      ? init
      : await MiniRrmPolicy.fromCheckpoint(
          (typeof init === 'string' ? await readInit(init) : init).policy,
          createRng(options.seed),
        );
  const ranked = (await loadPairs(given)).filter((p) => p.pair.preference !== 'same');
  if (ranked.length === 0)
    throw new UsageError('no pair has a winner (every pair is "same"): GCPO needs preferences');
  const pairs = await featurizePairs(ranked, featurizer ?? new RrmFeaturizer());
  const result = await trainGcpo<RrmInput, RrmTrace>({
    ...rest,
    policy,
    steps: options.steps ?? 60,
    lr: options.lr ?? 1e-3,
    pairs,
    pairsPerStep: Math.min(options.pairsPerStep ?? 16, pairs.length),
    traces: options.traces ?? 8,
    score: (_input, trace) => trace.finalScore,
  });
  return { ...result, policy, pairs: pairs.length };
}

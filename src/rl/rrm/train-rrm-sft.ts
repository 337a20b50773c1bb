import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import pLimit from 'p-limit';
import * as tf from '@tensorflow/tfjs';
import { createRng, sampleWithoutReplacement, UsageError } from '../../core/index.js';
import {
  Adam,
  TRAINER_CHECKPOINT_FORMAT,
  writeTrainerCheckpoint,
  type TrainerCheckpoint,
} from '../train/index.js';
import { MiniRrmPolicy, type MiniRrmConfig } from './mini-rrm-policy.js';
import { readSftRows, type SftRow } from './read-sft-rows.js';
import { RrmFeaturizer } from './rrm-featurizer.js';
import { scoreToken, type RrmInput, type RrmTrace } from './types.js';

export interface RrmSftOptions {
  /** rows.jsonl files of the pipeline's 'jsonl' export, or the export folders holding them. */
  data: string | readonly string[];
  seed: number;
  /** Passes over the training rows. Default 30. */
  epochs?: number;
  /** Rows per Adam update. Default 32. */
  batchSize?: number;
  /** Default 3e-3. */
  lr?: number;
  /** Share of rows held out to measure loss and token accuracy. Default 0.1. */
  validationShare?: number;
  /** Start from this policy (default: a new one from `config`, initialised from the seed). */
  policy?: MiniRrmPolicy;
  config?: Partial<MiniRrmConfig>;
  featurizer?: RrmFeaturizer;
  /** Writes step-<epoch>.json and latest.json (trainer checkpoints, algorithm 'sft') here after each epoch. */
  checkpointDir?: string;
  /** JSONL file one record per epoch is appended to. */
  logFile?: string;
  /** Continue a run from one of its checkpoints (same data and seed): weights, Adam's state, epochs done. */
  resume?: TrainerCheckpoint;
  onEpoch?: (record: SftEpochRecord) => void;
}

export interface SftEpochRecord {
  algorithm: 'sft';
  epoch: number;
  /** Mean token cross-entropy over the epoch's updates (teacher-forced). */
  loss: number;
  /** Held-out token cross-entropy and greedy token accuracy (points and score token); null without held-out rows. */
  validationLoss: number | null;
  validationTokenAccuracy: number | null;
  seconds: number;
}

export interface RrmSftResult {
  policy: MiniRrmPolicy;
  records: SftEpochRecord[];
  checkpoint: TrainerCheckpoint;
  rows: { train: number; validation: number; leftOut: number };
}

interface Example {
  input: RrmInput;
  trace: RrmTrace;
}

/**
 * Cold-start SFT of the miniature RRM (PAPER.md section 3's last step): teacher-forced token
 * cross-entropy (mean over every real token of every trace) on the kept traces, Adam, seeded
 * shuffles, checkpoints and a JSONL log per epoch.
 */
export async function trainRrmSft(options: RrmSftOptions): Promise<RrmSftResult> {
  const epochs = options.epochs ?? 30;
  const batchSize = options.batchSize ?? 32;
  const lr = options.lr ?? 3e-3;
  const share = options.validationShare ?? 0.1;
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new UsageError(`epochs ${epochs} must be an integer >= 1`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new UsageError(`batchSize ${batchSize} must be an integer >= 1`);
  if (!(share >= 0 && share < 1)) throw new UsageError(`validationShare ${share} must be in [0, 1)`);
  const rng = createRng(options.seed);
  const { rows, leftOut } = await readSftRows(options.data);
  if (rows.length === 0)
    throw new UsageError(
      `no usable SFT rows in ${String(options.data)} (${leftOut} left out): export kept rows first`,
    );
  const examples = await featurizeRows(rows, options.featurizer ?? new RrmFeaturizer());
  const shuffled = sampleWithoutReplacement(examples, examples.length, rng);
  const held = Math.round(share * shuffled.length);
  const validation = shuffled.slice(0, held);
  const train = shuffled.slice(held);
  if (train.length === 0) throw new UsageError('no SFT rows are left to train on: lower validationShare');
  const policy = options.policy ?? new MiniRrmPolicy(options.config ?? {}, rng.fork());
  const adam = new Adam(policy.variables());
  const records: SftEpochRecord[] = [];
  const snapshot = async (epoch: number): Promise<TrainerCheckpoint> => ({
    format: TRAINER_CHECKPOINT_FORMAT,
    algorithm: 'sft',
    step: epoch,
    seed: options.seed,
    policy: await policy.save(),
    optimizer: adam.state(),
    reference: null,
  });
  let first = 0;
  if (options.resume) {
    const ckpt = options.resume;
    if (ckpt.algorithm !== 'sft' || ckpt.seed !== options.seed) {
      throw new UsageError(
        `the checkpoint is from a ${ckpt.algorithm} run with seed ${ckpt.seed}; resume an sft run with the same seed`,
      );
    }
    await policy.load(ckpt.policy);
    adam.setState(ckpt.optimizer);
    first = Math.min(ckpt.step, epochs);
    // The epochs already done drew their shuffles from rng: draw them again so epoch k shuffles as it did.
    for (let epoch = 0; epoch < first; epoch++) sampleWithoutReplacement(train, train.length, rng);
  }
  if (options.logFile) await mkdir(dirname(options.logFile), { recursive: true });
  try {
    for (let epoch = first; epoch < epochs; epoch++) {
      const started = performance.now();
      const order = sampleWithoutReplacement(train, train.length, rng);
      let lossSum = 0;
      let updates = 0;
      for (let from = 0; from < order.length; from += batchSize) {
        const batch = order.slice(from, from + batchSize);
        const { value, grads } = tf.variableGrads(() => tokenCrossEntropy(policy, batch), policy.variables());
        adam.apply(
          policy.variables().map((v) => grads[v.name]!),
          lr,
        );
        lossSum += value.dataSync()[0]!;
        updates++;
        value.dispose();
        tf.dispose(grads);
      }
      const heldOut = validation.length === 0 ? null : evaluateTokens(policy, validation);
      const record: SftEpochRecord = {
        algorithm: 'sft',
        epoch: epoch + 1,
        loss: lossSum / updates,
        validationLoss: heldOut?.loss ?? null,
        validationTokenAccuracy: heldOut?.accuracy ?? null,
        seconds: (performance.now() - started) / 1000,
      };
      records.push(record);
      if (options.logFile) await appendFile(options.logFile, `${JSON.stringify(record)}\n`);
      if (options.checkpointDir)
        await writeTrainerCheckpoint(options.checkpointDir, await snapshot(epoch + 1));
      options.onEpoch?.(record);
    }
    return {
      policy,
      records,
      checkpoint: await snapshot(epochs),
      rows: { train: train.length, validation: validation.length, leftOut },
    };
  } finally {
    adam.dispose();
  }
}

async function featurizeRows(rows: readonly SftRow[], featurizer: RrmFeaturizer): Promise<Example[]> {
  const limit = pLimit(2);
  return Promise.all(
    rows.map((row) => limit(async () => ({ input: await featurizer.features(row), trace: row.trace }))),
  );
}

/** Mean -log p over every real token of the batch's traces. */
export function tokenCrossEntropy(policy: MiniRrmPolicy, batch: readonly Example[]): tf.Scalar {
  return tf.tidy(() => {
    const { logp, mask } = policy.logProbs(
      batch.map((e) => e.input),
      batch.map((e) => e.trace),
    );
    return tf.div(tf.neg(tf.sum(tf.mul(logp, mask))), tf.sum(mask)) as tf.Scalar;
  });
}

/**
 * Held-out cross-entropy, and the share of tokens greedy decoding gets right: each principle's 0/1
 * and the score token, compared with the kept trace's.
 */
export function evaluateTokens(
  policy: MiniRrmPolicy,
  examples: readonly Example[],
): { loss: number; accuracy: number } {
  const loss = tokenCrossEntropy(policy, examples);
  const value = loss.dataSync()[0]!;
  loss.dispose();
  const greedy = policy.greedy(examples.map((e) => e.input));
  let right = 0;
  let total = 0;
  greedy.forEach((g, i) => {
    const gold = examples[i]!.trace;
    g.points.forEach((p, t) => (right += p === gold.points[t] ? 1 : 0));
    right += scoreToken(g.finalScore) === scoreToken(gold.finalScore) ? 1 : 0;
    total += g.points.length + 1;
  });
  return { loss: value, accuracy: right / total };
}

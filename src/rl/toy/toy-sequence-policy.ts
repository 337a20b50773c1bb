import * as tf from '@tensorflow/tfjs';
import { UsageError, type Rng } from '../../core/index.js';
import {
  assignArrays,
  variablesToArrays,
  type Policy,
  type PolicyCheckpoint,
  type Rollout,
  type TokenLogProbs,
} from '../policy.js';

export const TOY_SEQUENCE_KIND = 'toy-sequence';

let instances = 0;

export interface ToySequenceConfig {
  /** How many distinct inputs (ids 0 .. inputs-1), each seen one-hot. */
  inputs: number;
  /** Tokens 0 .. vocab-1; the end-of-sequence token is `vocab`. */
  vocab: number;
  /** Most tokens a sequence may hold, its EOS included; a sequence that reaches it unended stops there. */
  maxLength: number;
  hidden: number;
}

/**
 * A tiny autoregressive policy for tests and benchmarks of the trainers: at each position an MLP
 * (one tanh layer) reads the input, the previous token and the position, all one-hot, and gives a
 * categorical distribution over the tokens and EOS. Its actions are token lists of varying length,
 * the EOS included when drawn, so trainers meet masks as they will with RRM traces. Small enough
 * that every sequence's probability can be enumerated, which is how tests know its optimum.
 */
export class ToySequencePolicy implements Policy<number, number[]> {
  readonly config: ToySequenceConfig;
  readonly eos: number;
  private readonly features: number;
  private readonly w1: tf.Variable;
  private readonly b1: tf.Variable;
  private readonly w2: tf.Variable;
  private readonly b2: tf.Variable;

  /** Weights drawn from `rng` (Glorot-uniform), so a seed fixes the initial policy. */
  constructor(config: ToySequenceConfig, rng: Rng) {
    for (const key of ['inputs', 'vocab', 'maxLength', 'hidden'] as const) {
      if (!Number.isInteger(config[key]) || config[key] < 1) {
        throw new UsageError(`toy policy ${key} ${config[key]} must be an integer >= 1`);
      }
    }
    this.config = { ...config };
    this.eos = config.vocab;
    // Input one-hot, previous token one-hot (index vocab stands for the start), position one-hot.
    this.features = config.inputs + config.vocab + 1 + config.maxLength;
    const glorot = (rows: number, cols: number, name: string): tf.Variable => {
      const limit = Math.sqrt(6 / (rows + cols));
      const values = Array.from({ length: rows * cols }, () => (2 * rng.next() - 1) * limit);
      return tf.variable(tf.tensor2d(values, [rows, cols]), true, name);
    };
    // tfjs wants every variable name unique in the process; loading matches weights by position.
    const id = `${TOY_SEQUENCE_KIND}-${++instances}`;
    this.w1 = glorot(this.features, config.hidden, `${id}/w1`);
    this.b1 = tf.variable(tf.zeros([config.hidden]), true, `${id}/b1`);
    this.w2 = glorot(config.hidden, config.vocab + 1, `${id}/w2`);
    this.b2 = tf.variable(tf.zeros([config.vocab + 1]), true, `${id}/b2`);
  }

  variables(): tf.Variable[] {
    return [this.w1, this.b1, this.w2, this.b2];
  }

  sample(inputs: readonly number[], n: number, rng: Rng): Rollout<number[]>[] {
    inputs.forEach((x) => this.checkInput(x));
    const rows = inputs.flatMap((x, i) => Array.from({ length: n }, () => ({ x, i })));
    const rollouts: Rollout<number[]>[] = rows.map(({ i }) => ({ input: i, action: [], logp: [], mask: [] }));
    const width = this.config.vocab + 1;
    for (let t = 0; t < this.config.maxLength; t++) {
      const open = rollouts.flatMap((r, b) => (r.action.at(-1) === this.eos ? [] : [b]));
      if (open.length === 0) break;
      const feats = open.flatMap((b) => this.featureRow(rows[b]!.x, rollouts[b]!.action.at(-1), t));
      const logp = tf.tidy(() => this.logSoftmax(tf.tensor2d(feats, [open.length, this.features])));
      const table = logp.dataSync();
      logp.dispose();
      open.forEach((b, k) => {
        const r = rollouts[b]!;
        const token = drawCategorical(table, k * width, width, rng);
        r.action.push(token);
        r.logp.push(table[k * width + token]!);
        r.mask.push(1);
      });
    }
    return rollouts;
  }

  logProbs(inputs: readonly number[], actions: readonly number[][]): TokenLogProbs {
    const { feats, tokens, mask, rows, cols } = this.teacherForcing(inputs, actions);
    return tf.tidy(() => {
      const logp = this.logSoftmax(tf.tensor2d(feats, [rows * cols, this.features]));
      const picked = tf.sum(tf.mul(logp, tf.oneHot(tf.tensor1d(tokens, 'int32'), this.config.vocab + 1)), 1);
      return { logp: tf.reshape<tf.Rank.R2>(picked, [rows, cols]), mask: tf.tensor2d(mask, [rows, cols]) };
    });
  }

  entropy(inputs: readonly number[], actions: readonly number[][]): tf.Tensor2D {
    const { feats, rows, cols } = this.teacherForcing(inputs, actions);
    return tf.tidy(() => {
      const logp = this.logSoftmax(tf.tensor2d(feats, [rows * cols, this.features]));
      return tf.reshape<tf.Rank.R2>(tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1)), [rows, cols]);
    });
  }

  async save(): Promise<PolicyCheckpoint> {
    return {
      kind: TOY_SEQUENCE_KIND,
      config: { ...this.config },
      weights: variablesToArrays(this.variables()),
    };
  }

  async load(checkpoint: PolicyCheckpoint): Promise<void> {
    if (checkpoint.kind !== TOY_SEQUENCE_KIND) {
      throw new UsageError(`a ${checkpoint.kind} checkpoint cannot load into a ${TOY_SEQUENCE_KIND} policy`);
    }
    assignArrays(this.variables(), checkpoint.weights);
  }

  private checkInput(x: number): void {
    if (!Number.isInteger(x) || x < 0 || x >= this.config.inputs) {
      throw new UsageError(`toy policy input ${x} must be an integer in [0, ${this.config.inputs})`);
    }
  }

  private logSoftmax(feats: tf.Tensor2D): tf.Tensor2D {
    const hidden = tf.tanh(tf.add<tf.Tensor2D>(tf.matMul(feats, this.w1), this.b1));
    return tf.logSoftmax(tf.add<tf.Tensor2D>(tf.matMul(hidden, this.w2), this.b2));
  }

  private featureRow(x: number, previous: number | undefined, t: number): number[] {
    const row = new Array<number>(this.features).fill(0);
    row[x] = 1;
    row[this.config.inputs + (previous ?? this.config.vocab)] = 1;
    row[this.config.inputs + this.config.vocab + 1 + t] = 1;
    return row;
  }

  /** Features of every position of every action (padding positions get position 0's), tokens and mask. */
  private teacherForcing(inputs: readonly number[], actions: readonly number[][]) {
    if (inputs.length !== actions.length) {
      throw new UsageError(
        `logProbs got ${inputs.length} inputs and ${actions.length} actions: give one input per action`,
      );
    }
    const rows = actions.length;
    const cols = Math.max(1, ...actions.map((a) => a.length));
    const feats: number[] = [];
    const tokens: number[] = [];
    const mask: number[] = [];
    actions.forEach((action, b) => {
      const x = inputs[b]!;
      this.checkInput(x);
      if (action.length > this.config.maxLength || action.some((tok) => !(tok >= 0 && tok <= this.eos))) {
        throw new UsageError(
          `action ${b} is not a sequence of at most ${this.config.maxLength} tokens in [0, ${this.eos}]`,
        );
      }
      for (let t = 0; t < cols; t++) {
        const real = t < action.length;
        feats.push(...this.featureRow(x, real && t > 0 ? action[t - 1] : undefined, real ? t : 0));
        tokens.push(real ? action[t]! : 0);
        mask.push(real ? 1 : 0);
      }
    });
    return { feats, tokens, mask, rows, cols };
  }
}

/** Index drawn from the categorical distribution whose log-probs are table[offset .. offset+width). */
function drawCategorical(table: ArrayLike<number>, offset: number, width: number, rng: Rng): number {
  const u = rng.next();
  let cumulative = 0;
  for (let j = 0; j < width; j++) {
    cumulative += Math.exp(table[offset + j]!);
    if (u < cumulative) return j;
  }
  return width - 1; // rounding left the total a hair under 1
}

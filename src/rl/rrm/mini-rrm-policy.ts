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
import { RRM_GLOBAL_FEATURES } from './global-features.js';
import { POINT_FEATURES } from './principle-features.js';
import { ANSWER_STATS, pointRow, scoreRow, SUMMARY } from './trace-context.js';
import { SCORE_TOKENS, scoreToken, tokenScore, type RrmInput, type RrmTrace } from './types.js';

export const MINI_RRM_KIND = 'mini-rrm';

export interface MiniRrmConfig {
  /** Hidden units of each head. */
  hidden: number;
  /** Feature sizes the weights were made for (a checkpoint from other features will not load). */
  pointFeatures: number;
  globalFeatures: number;
}

export const DEFAULT_MINI_RRM_CONFIG: MiniRrmConfig = {
  hidden: 64,
  pointFeatures: POINT_FEATURES,
  globalFeatures: RRM_GLOBAL_FEATURES,
};

let instances = 0;

/** One tanh layer then logits: small enough for this CPU, enough for features that carry the evidence. */
interface Head {
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

/**
 * Teacher-forced token inputs for a batch of traces. Point rows are laid out [B, T-1] (a row past a
 * trace's principles repeats its last one and is masked), so they reshape into place without a
 * gather (whose gradient the wasm backend lacks); the score token lands at column P via a one-hot.
 */
interface TeacherForcing {
  pointFeats: number[];
  pointTokens: number[];
  scoreFeats: number[];
  scoreTokens: number[];
  /** [B, T]: 1 where a column is one of the trace's principles. */
  pointMask: number[];
  /** [B, T]: 1 at column P, the score token. */
  scoreAt: number[];
  rows: number;
  cols: number;
}

/**
 * The miniature RRM as a policy (issue 6, deliverable 3). A trace is generated token by token: for
 * each principle in order a 0/1 token from the point head, which reads that principle's features, the
 * edit's, and a running summary of the answers so far; then one final-score token (0, 0.5, ..., 10)
 * from the score head, which reads the edit's features, the answers by category and the pooled
 * features of the principles answered no. Column t of a trace's log-probs is principle t; column P
 * (the number of principles) is the score; rows are padded to the longest.
 */
export class MiniRrmPolicy implements Policy<RrmInput, RrmTrace> {
  readonly config: MiniRrmConfig;
  private readonly pointWidth: number;
  private readonly scoreWidth: number;
  private readonly point: Head;
  private readonly score: Head;

  /** Weights drawn from `rng` (Glorot-uniform), so a seed fixes the initial policy. */
  constructor(config: Partial<MiniRrmConfig>, rng: Rng) {
    this.config = { ...DEFAULT_MINI_RRM_CONFIG, ...config };
    for (const key of ['hidden', 'pointFeatures', 'globalFeatures'] as const) {
      if (!Number.isInteger(this.config[key]) || this.config[key] < 1) {
        throw new UsageError(`mini-rrm ${key} ${this.config[key]} must be an integer >= 1`);
      }
    }
    const { hidden, pointFeatures: d, globalFeatures: g } = this.config;
    this.pointWidth = d + g + SUMMARY;
    this.scoreWidth = g + ANSWER_STATS + 2 * d;
    // tfjs wants every variable name unique in the process; loading matches weights by position.
    const id = `${MINI_RRM_KIND}-${++instances}`;
    const head = (name: string, inputs: number, outputs: number): Head => ({
      w1: glorot(inputs, hidden, `${id}/${name}/w1`, rng),
      b1: tf.variable(tf.zeros([hidden]), true, `${id}/${name}/b1`),
      w2: glorot(hidden, outputs, `${id}/${name}/w2`, rng),
      b2: tf.variable(tf.zeros([outputs]), true, `${id}/${name}/b2`),
    });
    this.point = head('point', this.pointWidth, 2);
    this.score = head('score', this.scoreWidth, SCORE_TOKENS);
  }

  /** A policy rebuilt from a checkpoint's config and weights. */
  static async fromCheckpoint(checkpoint: PolicyCheckpoint, rng: Rng): Promise<MiniRrmPolicy> {
    if (checkpoint.kind !== MINI_RRM_KIND) {
      throw new UsageError(
        `a ${checkpoint.kind} checkpoint is not a miniature RRM: give a checkpoint written by train rrm`,
      );
    }
    const policy = new MiniRrmPolicy(checkpoint.config as Partial<MiniRrmConfig>, rng);
    await policy.load(checkpoint);
    return policy;
  }

  variables(): tf.Variable[] {
    return [this.point, this.score].flatMap((h) => [h.w1, h.b1, h.w2, h.b2]);
  }

  sample(inputs: readonly RrmInput[], n: number, rng: Rng): Rollout<RrmTrace>[] {
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`samples per input ${n} must be an integer >= 1`);
    const rows = inputs.flatMap((_, i) => Array.from({ length: n }, () => i));
    return this.decode(inputs, rows, (table, offset, width) => drawCategorical(table, offset, width, rng));
  }

  /** The most probable token at each step: the judge's deterministic trace. */
  greedy(inputs: readonly RrmInput[]): RrmTrace[] {
    return this.decode(
      inputs,
      inputs.map((_, i) => i),
      argmax,
    ).map((r) => r.action);
  }

  logProbs(inputs: readonly RrmInput[], actions: readonly RrmTrace[]): TokenLogProbs {
    const tf_ = this.teacherForcing(inputs, actions);
    return tf.tidy(() => {
      const point = tf.sum(
        tf.mul(this.pointLogits(tf_), tf.oneHot(tf.tensor1d(tf_.pointTokens, 'int32'), 2)),
        1,
      );
      const score = tf.sum(
        tf.mul(this.scoreLogits(tf_), tf.oneHot(tf.tensor1d(tf_.scoreTokens, 'int32'), SCORE_TOKENS)),
        1,
      );
      const mask = tf.add(
        tf.tensor2d(tf_.pointMask, [tf_.rows, tf_.cols]),
        tf.tensor2d(tf_.scoreAt, [tf_.rows, tf_.cols]),
      );
      return { logp: this.arrange(tf_, point, score), mask: mask as tf.Tensor2D };
    });
  }

  entropy(inputs: readonly RrmInput[], actions: readonly RrmTrace[]): tf.Tensor2D {
    const tf_ = this.teacherForcing(inputs, actions);
    return tf.tidy(() => {
      const h = (logp: tf.Tensor2D) => tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1));
      return this.arrange(tf_, h(this.pointLogits(tf_)), h(this.scoreLogits(tf_)));
    });
  }

  async save(): Promise<PolicyCheckpoint> {
    return { kind: MINI_RRM_KIND, config: { ...this.config }, weights: variablesToArrays(this.variables()) };
  }

  async load(checkpoint: PolicyCheckpoint): Promise<void> {
    if (checkpoint.kind !== MINI_RRM_KIND) {
      throw new UsageError(`a ${checkpoint.kind} checkpoint cannot load into a ${MINI_RRM_KIND} policy`);
    }
    assignArrays(this.variables(), checkpoint.weights);
  }

  /** Token by token over rows (indices into inputs), choosing each token with `pick` from its log-probs. */
  private decode(
    inputs: readonly RrmInput[],
    rows: readonly number[],
    pick: (table: ArrayLike<number>, offset: number, width: number) => number,
  ): Rollout<RrmTrace>[] {
    inputs.forEach((x, i) => this.checkInput(x, i));
    const answers: number[][] = rows.map(() => []);
    const logps: number[][] = rows.map(() => []);
    const longest = Math.max(0, ...inputs.map((x) => x.points.length));
    for (let t = 0; t < longest; t++) {
      const open = rows.flatMap((i, b) => (inputs[i]!.points.length > t ? [b] : []));
      const feats = open.flatMap((b) => pointRow(inputs[rows[b]!]!, answers[b]!, t));
      const table = this.run((x) => this.headLogp(this.point, x), feats, open.length, this.pointWidth);
      open.forEach((b, k) => {
        const token = pick(table, 2 * k, 2);
        answers[b]!.push(token);
        logps[b]!.push(table[2 * k + token]!);
      });
    }
    const feats = rows.flatMap((i, b) => scoreRow(inputs[i]!, answers[b]!));
    const table = this.run((x) => this.headLogp(this.score, x), feats, rows.length, this.scoreWidth);
    return rows.map((i, b) => {
      const token = pick(table, SCORE_TOKENS * b, SCORE_TOKENS);
      const logp = [...logps[b]!, table[SCORE_TOKENS * b + token]!];
      return {
        input: i,
        action: { points: answers[b]!.map((a) => (a === 1 ? 1 : 0)), finalScore: tokenScore(token) },
        logp,
        mask: logp.map(() => 1),
      };
    });
  }

  private run(
    head: (x: tf.Tensor2D) => tf.Tensor2D,
    feats: number[],
    rows: number,
    width: number,
  ): Float32Array {
    if (rows === 0) return new Float32Array(0);
    const out = tf.tidy(() => head(tf.tensor2d(feats, [rows, width])));
    const table = out.dataSync() as Float32Array;
    out.dispose();
    return table;
  }

  private headLogp(h: Head, x: tf.Tensor2D): tf.Tensor2D {
    const hidden = tf.tanh(tf.add<tf.Tensor2D>(tf.matMul(x, h.w1), h.b1));
    return tf.logSoftmax(tf.add<tf.Tensor2D>(tf.matMul(hidden, h.w2), h.b2));
  }

  private pointLogits(t: TeacherForcing): tf.Tensor2D {
    return this.headLogp(this.point, tf.tensor2d(t.pointFeats, [t.pointTokens.length, this.pointWidth]));
  }

  private scoreLogits(t: TeacherForcing): tf.Tensor2D {
    return this.headLogp(this.score, tf.tensor2d(t.scoreFeats, [t.rows, this.scoreWidth]));
  }

  /** Per-token values of points ([B*(T-1)]) and scores ([B]) placed in the [B, T] layout, 0 on padding. */
  private arrange(t: TeacherForcing, point: tf.Tensor, score: tf.Tensor): tf.Tensor2D {
    const points = tf.concat([tf.reshape(point, [t.rows, t.cols - 1]), tf.zeros([t.rows, 1])], 1);
    return tf.add(
      tf.mul(points, tf.tensor2d(t.pointMask, [t.rows, t.cols])),
      tf.mul(tf.reshape(score, [t.rows, 1]), tf.tensor2d(t.scoreAt, [t.rows, t.cols])),
    );
  }

  private teacherForcing(inputs: readonly RrmInput[], actions: readonly RrmTrace[]): TeacherForcing {
    if (inputs.length !== actions.length) {
      throw new UsageError(
        `logProbs got ${inputs.length} inputs and ${actions.length} traces: give one input per trace`,
      );
    }
    const rows = actions.length;
    const cols = Math.max(1, ...inputs.map((x) => x.points.length)) + 1;
    const out: TeacherForcing = {
      pointFeats: [],
      pointTokens: [],
      scoreFeats: [],
      scoreTokens: [],
      pointMask: [],
      scoreAt: [],
      rows,
      cols,
    };
    actions.forEach((action, b) => {
      const input = inputs[b]!;
      this.checkInput(input, b);
      const n = input.points.length;
      if (action.points.length !== n || action.points.some((p) => p !== 0 && p !== 1)) {
        throw new UsageError(
          `trace ${b} has ${action.points.length} points for ${n} principles: give one 0/1 per principle`,
        );
      }
      for (let t = 0; t < cols - 1; t++) {
        const real = Math.min(t, n - 1);
        out.pointFeats.push(...pointRow(input, action.points, real));
        out.pointTokens.push(action.points[real]!);
      }
      for (let t = 0; t < cols; t++) {
        out.pointMask.push(t < n ? 1 : 0);
        out.scoreAt.push(t === n ? 1 : 0);
      }
      out.scoreFeats.push(...scoreRow(input, action.points));
      out.scoreTokens.push(scoreToken(action.finalScore));
    });
    return out;
  }

  private checkInput(input: RrmInput, i: number): void {
    const { pointFeatures, globalFeatures } = this.config;
    if (input.points.length === 0 || input.points.length !== input.principles.length) {
      throw new UsageError(
        `input ${i} has ${input.points.length} point rows for ${input.principles.length} principles: featurize it with RrmFeaturizer`,
      );
    }
    if (input.global.length !== globalFeatures || input.points.some((r) => r.length !== pointFeatures)) {
      throw new UsageError(
        `input ${i} has features of another size than this policy's (${pointFeatures} per point, ${globalFeatures} global): featurize with the same version`,
      );
    }
  }
}

function glorot(rows: number, cols: number, name: string, rng: Rng): tf.Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  const values = Array.from({ length: rows * cols }, () => (2 * rng.next() - 1) * limit);
  return tf.variable(tf.tensor2d(values, [rows, cols]), true, name);
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

/** The most probable index; the lowest on a tie, so greedy decoding is deterministic. */
function argmax(table: ArrayLike<number>, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (table[offset + j]! > table[offset + best]!) best = j;
  return best;
}

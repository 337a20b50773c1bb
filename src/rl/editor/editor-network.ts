import * as tf from '@tensorflow/tfjs';
import {
  BACKGROUND_COLOR_NAMES,
  OBJECT_COLOR_NAMES,
  PATTERNS,
  SHAPES,
  UsageError,
  type Rng,
} from '../../core/index.js';
import { EDIT_OPS, type ProgramStep } from './edit-program.js';
import { TASK_GLOBAL_FEATURES, OBJECT_SLOTS, SLOT_FEATURES } from './task-features.js';

/** The categorical value heads, their sizes, in PROGRAM_STEPS order. */
export const CATEGORICAL_HEADS = [
  ['color', OBJECT_COLOR_NAMES.length],
  ['shape', SHAPES.length],
  ['pattern', PATTERNS.length],
  ['background', BACKGROUND_COLOR_NAMES.length],
  ['toneAttribute', 3],
] as const satisfies ReadonlyArray<readonly [ProgramStep, number]>;
/** The Gaussian value heads, in PROGRAM_STEPS order, and their starting standard deviations. */
export const GAUSSIAN_HEADS = [
  ['dx', 0.2],
  ['dy', 0.2],
  ['logScale', 0.4],
  ['toneDelta', 0.4],
] as const satisfies ReadonlyArray<readonly [ProgramStep, number]>;
const CATEGORICAL_WIDTH = CATEGORICAL_HEADS.reduce((s, [, n]) => s + n, 0);
/** Logit added to an empty object slot: its probability underflows to 0 in float32. */
const EMPTY_SLOT = -1e9;
/** Output layers start this much smaller than Glorot, so the first policy is near uniform and centred. */
const HEAD_SCALE = 0.1;

export interface EditorNetworkConfig {
  /** Width of the trunk and of the value layer. */
  hidden: number;
  /** Width of the object pointer's hidden layer. */
  pointerHidden: number;
}

let instances = 0;

/**
 * The editor's MLP, decision by decision: a trunk over the task's global features; the operation
 * head; an object pointer that scores each seen object from [trunk, operation, that object's
 * features] (one shared layer, so what it learns about "the named object" holds in every slot); and
 * a value layer over [trunk, operation, chosen object] feeding the categorical heads and the
 * Gaussian means (state-independent log standard deviations, as PPO's continuous policies have).
 */
export class EditorNetwork {
  readonly config: EditorNetworkConfig;
  private readonly vars: tf.Variable[];

  constructor(config: EditorNetworkConfig, rng: Rng) {
    for (const key of ['hidden', 'pointerHidden'] as const) {
      if (!Number.isInteger(config[key]) || config[key] < 1) {
        throw new UsageError(`editor network ${key} ${config[key]} must be a whole number >= 1`);
      }
    }
    this.config = { ...config };
    const { hidden: h, pointerHidden: p } = config;
    const ops = EDIT_OPS.length;
    const id = `edit-program-mlp-${++instances}`;
    const glorot = (rows: number, cols: number, name: string, scale = 1): tf.Variable => {
      const limit = scale * Math.sqrt(6 / (rows + cols));
      const values = Array.from({ length: rows * cols }, () => (2 * rng.next() - 1) * limit);
      return tf.variable(tf.tensor2d(values, [rows, cols]), true, `${id}/${name}`);
    };
    const zeros = (n: number, name: string) => tf.variable(tf.zeros([n]), true, `${id}/${name}`);
    const logStd = tf.tensor1d(GAUSSIAN_HEADS.map(([, sd]) => Math.log(sd)));
    this.vars = [
      glorot(TASK_GLOBAL_FEATURES, h, 'trunk/w'),
      zeros(h, 'trunk/b'),
      glorot(h, ops, 'op/w', HEAD_SCALE),
      zeros(ops, 'op/b'),
      glorot(h + ops + SLOT_FEATURES, p, 'pointer/w'),
      zeros(p, 'pointer/b'),
      glorot(p, 1, 'pointer/out', HEAD_SCALE),
      glorot(h + ops + SLOT_FEATURES, h, 'value/w'),
      zeros(h, 'value/b'),
      glorot(h, CATEGORICAL_WIDTH, 'categorical/w', HEAD_SCALE),
      zeros(CATEGORICAL_WIDTH, 'categorical/b'),
      glorot(h, GAUSSIAN_HEADS.length, 'gaussian/w', HEAD_SCALE),
      zeros(GAUSSIAN_HEADS.length, 'gaussian/b'),
      tf.variable(logStd, true, `${id}/gaussian/log-std`),
    ];
    logStd.dispose();
  }

  variables(): tf.Variable[] {
    return this.vars;
  }

  private v(i: number): tf.Variable {
    return this.vars[i]!;
  }

  /** [B, hidden] from [B, TASK_GLOBAL_FEATURES]. */
  trunk(global: tf.Tensor2D): tf.Tensor2D {
    return tf.tanh(tf.add<tf.Tensor2D>(tf.matMul(global, this.v(0)), this.v(1)));
  }

  /** [B, ops] operation log-probs. */
  opLogp(trunk: tf.Tensor2D): tf.Tensor2D {
    return tf.logSoftmax(tf.add<tf.Tensor2D>(tf.matMul(trunk, this.v(2)), this.v(3)));
  }

  /** [B, OBJECT_SLOTS] object log-probs given the operation; slotMask 1 on seen objects. */
  objectLogp(trunk: tf.Tensor2D, op: tf.Tensor2D, slots: tf.Tensor3D, slotMask: tf.Tensor2D): tf.Tensor2D {
    const b = trunk.shape[0];
    const context = tf.tile(tf.expandDims(tf.concat([trunk, op], 1), 1), [1, OBJECT_SLOTS, 1]);
    const joint = tf.reshape<tf.Rank.R2>(tf.concat([context, slots], 2), [b * OBJECT_SLOTS, -1]);
    const hidden = tf.tanh(tf.add<tf.Tensor2D>(tf.matMul(joint, this.v(4)), this.v(5)));
    const logits = tf.reshape<tf.Rank.R2>(tf.matMul(hidden, this.v(6)), [b, OBJECT_SLOTS]);
    return tf.logSoftmax(tf.add<tf.Tensor2D>(logits, tf.mul(tf.sub(1, slotMask), EMPTY_SLOT)));
  }

  /** The value layer: [B, hidden] from the trunk, the operation and the chosen object's features. */
  valueLayer(trunk: tf.Tensor2D, op: tf.Tensor2D, chosen: tf.Tensor2D): tf.Tensor2D {
    const joint = tf.concat([trunk, op, chosen], 1);
    return tf.tanh(tf.add<tf.Tensor2D>(tf.matMul(joint, this.v(7)), this.v(8)));
  }

  /** Per categorical head, its [B, size] log-probs. */
  categoricalLogp(value: tf.Tensor2D): tf.Tensor2D[] {
    const logits = tf.add<tf.Tensor2D>(tf.matMul(value, this.v(9)), this.v(10));
    let from = 0;
    return CATEGORICAL_HEADS.map(([, size]) => {
      const part = tf.slice(logits, [0, from], [-1, size]);
      from += size;
      return tf.logSoftmax(part);
    });
  }

  /** [B, Gaussian heads] means. */
  gaussianMean(value: tf.Tensor2D): tf.Tensor2D {
    return tf.add<tf.Tensor2D>(tf.matMul(value, this.v(11)), this.v(12));
  }

  /** [Gaussian heads] log standard deviations. */
  logStd(): tf.Variable {
    return this.v(13);
  }
}

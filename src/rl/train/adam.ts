import * as tf from '@tensorflow/tfjs';
import { UsageError } from '../../core/index.js';

export interface AdamOptions {
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Added to sqrt(v-hat). Default 1e-8 (torch's). */
  epsilon?: number;
}

/** Adam's moments and update count as plain arrays, so a resumed run continues exactly. */
export interface AdamState {
  /** Updates applied so far (t in the bias corrections). */
  t: number;
  m: number[][];
  v: number[][];
}

/**
 * Adam (Kingma and Ba) with torch's bias correction, written here rather than taken from
 * tf.train.adam because a trainer needs two things that optimizer hides: a learning rate set per
 * step from a schedule, and its moments read and written as plain arrays for checkpoints.
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)
 */
export class Adam {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private t = 0;
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];

  constructor(
    private readonly variables: readonly tf.Variable[],
    options: AdamOptions = {},
  ) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
    for (const [name, b] of [
      ['beta1', this.beta1],
      ['beta2', this.beta2],
    ] as const) {
      if (!(b >= 0 && b < 1)) throw new UsageError(`Adam ${name} ${b} must be in [0, 1)`);
    }
    if (!(this.epsilon > 0)) throw new UsageError(`Adam epsilon ${this.epsilon} must be > 0`);
    this.m = variables.map((x) => tf.variable(tf.zerosLike(x), false));
    this.v = variables.map((x) => tf.variable(tf.zerosLike(x), false));
  }

  /** One update with gradients in the variables' order. */
  apply(grads: readonly tf.Tensor[], learningRate: number): void {
    if (grads.length !== this.variables.length) {
      throw new UsageError(`Adam got ${grads.length} gradients for ${this.variables.length} variables`);
    }
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      this.variables.forEach((x, i) => {
        const g = grads[i]!;
        const m = this.m[i]!;
        const v = this.v[i]!;
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        const step = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.epsilon));
        x.assign(tf.sub(x, tf.mul(step, learningRate)));
      });
    });
  }

  state(): AdamState {
    const read = (vs: tf.Variable[]): number[][] => vs.map((x) => Array.from(x.dataSync()));
    return { t: this.t, m: read(this.m), v: read(this.v) };
  }

  setState(state: AdamState): void {
    const n = this.variables.length;
    if (state.m.length !== n || state.v.length !== n) {
      throw new UsageError(
        `optimizer state has ${state.m.length} moments for ${n} variables: resume with the same policy architecture`,
      );
    }
    this.t = state.t;
    this.variables.forEach((x, i) => {
      for (const [saved, into] of [
        [state.m[i]!, this.m[i]!],
        [state.v[i]!, this.v[i]!],
      ] as const) {
        if (saved.length !== x.size) {
          throw new UsageError(`optimizer moment ${i} has ${saved.length} values, variable has ${x.size}`);
        }
        tf.tidy(() => into.assign(tf.tensor(saved, x.shape, 'float32')));
      }
    });
  }

  dispose(): void {
    for (const x of [...this.m, ...this.v]) x.dispose();
  }
}

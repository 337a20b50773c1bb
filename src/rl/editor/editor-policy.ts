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
import { EDIT_OPS, programMask, type EditProgram } from './edit-program.js';
import type { EditTask } from './edit-task.js';
import {
  CATEGORICAL_HEADS,
  EditorNetwork,
  GAUSSIAN_HEADS,
  type EditorNetworkConfig,
} from './editor-network.js';
import { argmax, drawCategorical, drawStandardNormal, gaussianLogDensity } from './draw.js';
import { decodeProgram, encodeProgram, type ProgramCode } from './program-codec.js';
import { TASK_GLOBAL_FEATURES, OBJECT_SLOTS, SLOT_FEATURES } from './task-features.js';

export const EDITOR_POLICY_KIND = 'edit-program-mlp';
export const DEFAULT_EDITOR_CONFIG: EditorNetworkConfig = { hidden: 64, pointerHidden: 32 };
const LOG_2PI_E = Math.log(2 * Math.PI * Math.E);

/** How each decision is taken: drawn (training rollouts) or the mode (evaluation). */
interface Chooser {
  categorical(table: ArrayLike<number>, offset: number, width: number): number;
  /** A value given the mean and log standard deviation. */
  gaussian(mu: number, logStd: number): number;
}

/** The task's feature tensors, rows in the order given. */
function taskTensors(tasks: readonly EditTask[]) {
  return {
    global: tf.tensor2d(
      tasks.flatMap((t) => t.features.global),
      [tasks.length, TASK_GLOBAL_FEATURES],
    ),
    slots: tf.tensor3d(
      tasks.flatMap((t) => t.features.slots.flat()),
      [tasks.length, OBJECT_SLOTS, SLOT_FEATURES],
    ),
    slotMask: tf.tensor2d(
      tasks.flatMap((t) =>
        Array.from({ length: OBJECT_SLOTS }, (_, k) => (k < t.features.objectsSeen ? 1 : 0)),
      ),
      [tasks.length, OBJECT_SLOTS],
    ),
  };
}

/** The chosen object's features per row, zeros when the program names none. */
function chosenRows(
  tasks: readonly EditTask[],
  codes: readonly ProgramCode[],
  programs: readonly EditProgram[],
): tf.Tensor2D {
  const rows = tasks.flatMap((t, b) =>
    programs[b]!.object === undefined
      ? new Array<number>(SLOT_FEATURES).fill(0)
      : t.features.slots[codes[b]!.object]!,
  );
  return tf.tensor2d(rows, [tasks.length, SLOT_FEATURES]);
}

/**
 * The miniature editor (PAPER.md section 5, at EditWorld's scale): a Policy over edit programs,
 * conditioned on the instruction and the source as the scene parser reads it from pixels. A program
 * is drawn decision by decision (operation, then object given the operation, then the values given
 * both), each a column of the rollout with its log-prob; columns the operation does not use are
 * masked. Categorical decisions are drawn from float32 log-softmax tables, continuous ones from
 * Gaussians (the log-density of the drawn value), as Flow-GRPO's stochastic sampler gives each
 * denoising step a Gaussian log-prob.
 */
export class EditorPolicy implements Policy<EditTask, EditProgram> {
  private readonly net: EditorNetwork;

  constructor(config: EditorNetworkConfig = DEFAULT_EDITOR_CONFIG, rng: Rng) {
    this.net = new EditorNetwork(config, rng);
  }

  get config(): EditorNetworkConfig {
    return this.net.config;
  }

  variables(): tf.Variable[] {
    return this.net.variables();
  }

  sample(inputs: readonly EditTask[], n: number, rng: Rng): Rollout<EditProgram>[] {
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`n ${n} must be a whole number >= 1`);
    return this.decide(inputs, n, {
      categorical: (table, offset, width) => drawCategorical(table, offset, width, rng),
      gaussian: (mu, logStd) => mu + Math.exp(logStd) * drawStandardNormal(rng),
    });
  }

  /** The policy's mode for each task (most likely operation, object and values; Gaussian means): for evaluation. */
  act(inputs: readonly EditTask[]): Rollout<EditProgram>[] {
    return this.decide(inputs, 1, { categorical: argmax, gaussian: (mu) => mu });
  }

  logProbs(inputs: readonly EditTask[], actions: readonly EditProgram[]): TokenLogProbs {
    const { codes, masks } = this.encode(inputs, actions);
    const chosen = chosenRows(inputs, codes, actions);
    return tf.tidy(() => {
      const { opLogp, objectLogp, categorical, mean, logStd } = this.forward(inputs, codes, chosen);
      const pick = (logp: tf.Tensor2D, index: number[]) =>
        tf.sum(tf.mul(logp, tf.oneHot(tf.tensor1d(index, 'int32'), logp.shape[1])), 1);
      const columns = [
        pick(
          opLogp,
          codes.map((c) => c.op),
        ),
        pick(
          objectLogp,
          codes.map((c) => c.object),
        ),
        ...categorical.map((logp, i) =>
          pick(
            logp,
            codes.map((c) => c.categorical[i]!),
          ),
        ),
      ];
      const values = tf.tensor2d(
        codes.map((c) => c.gaussian),
        [codes.length, GAUSSIAN_HEADS.length],
      );
      const z = tf.div(tf.sub(values, mean), tf.exp(logStd));
      const gaussian = tf.sub(tf.sub(tf.mul(-0.5, tf.square(z)), logStd), 0.5 * Math.log(2 * Math.PI));
      const logp = tf.concat([tf.stack(columns, 1), gaussian], 1) as tf.Tensor2D;
      return { logp, mask: tf.tensor2d(masks) };
    });
  }

  entropy(inputs: readonly EditTask[], actions: readonly EditProgram[]): tf.Tensor2D {
    const { codes } = this.encode(inputs, actions);
    const chosen = chosenRows(inputs, codes, actions);
    return tf.tidy(() => {
      const { opLogp, objectLogp, categorical, logStd } = this.forward(inputs, codes, chosen);
      // Empty object slots hold -1e9 log-probs with probability 0: 0 * -1e9 is 0, no NaN.
      const entropyOf = (logp: tf.Tensor2D) => tf.neg(tf.sum(tf.mul(tf.exp(logp), logp), 1));
      const gaussian = tf.tile(tf.expandDims(tf.add(logStd, 0.5 * LOG_2PI_E), 0), [inputs.length, 1]);
      const columns = tf.stack([entropyOf(opLogp), entropyOf(objectLogp), ...categorical.map(entropyOf)], 1);
      return tf.concat([columns, gaussian], 1) as tf.Tensor2D;
    });
  }

  async save(): Promise<PolicyCheckpoint> {
    return {
      kind: EDITOR_POLICY_KIND,
      config: { ...this.net.config },
      weights: variablesToArrays(this.variables()),
    };
  }

  async load(checkpoint: PolicyCheckpoint): Promise<void> {
    if (checkpoint.kind !== EDITOR_POLICY_KIND) {
      throw new UsageError(
        `a ${checkpoint.kind} checkpoint cannot load into an ${EDITOR_POLICY_KIND} policy`,
      );
    }
    assignArrays(this.variables(), checkpoint.weights);
  }

  /** Rebuilds a policy from a checkpoint (its config sizes the network). */
  static async fromCheckpoint(checkpoint: PolicyCheckpoint, rng: Rng): Promise<EditorPolicy> {
    const config = checkpoint.config as Partial<EditorNetworkConfig> | null;
    if (
      checkpoint.kind !== EDITOR_POLICY_KIND ||
      typeof config?.hidden !== 'number' ||
      typeof config.pointerHidden !== 'number'
    ) {
      throw new UsageError(`not an ${EDITOR_POLICY_KIND} checkpoint (kind '${checkpoint.kind}')`);
    }
    const policy = new EditorPolicy({ hidden: config.hidden, pointerHidden: config.pointerHidden }, rng);
    await policy.load(checkpoint);
    return policy;
  }

  private encode(inputs: readonly EditTask[], actions: readonly EditProgram[]) {
    if (inputs.length !== actions.length) {
      throw new UsageError(
        `got ${inputs.length} tasks and ${actions.length} programs: give one task per program`,
      );
    }
    const codes = actions.map((a, b) => encodeProgram(a, inputs[b]!.features.objectsSeen));
    const masks = actions.map((a, b) => programMask(a.op, inputs[b]!.features.objectsSeen));
    return { codes, masks };
  }

  /** Every head's distribution for the rows, given the decisions already taken in `codes`. */
  private forward(inputs: readonly EditTask[], codes: readonly ProgramCode[], chosen: tf.Tensor2D) {
    const { global, slots, slotMask } = taskTensors(inputs);
    const trunk = this.net.trunk(global);
    const op = tf.oneHot(
      tf.tensor1d(
        codes.map((c) => c.op),
        'int32',
      ),
      EDIT_OPS.length,
    ) as tf.Tensor2D;
    const value = this.net.valueLayer(trunk, tf.cast(op, 'float32'), chosen);
    return {
      opLogp: this.net.opLogp(trunk),
      objectLogp: this.net.objectLogp(trunk, tf.cast(op, 'float32'), slots, slotMask),
      categorical: this.net.categoricalLogp(value),
      mean: this.net.gaussianMean(value),
      logStd: this.net.logStd(),
    };
  }

  /** n programs per task, decision by decision, with the log-prob of each decision as taken. */
  private decide(inputs: readonly EditTask[], n: number, choose: Chooser): Rollout<EditProgram>[] {
    const rows = inputs.flatMap((task, i) => Array.from({ length: n }, () => ({ task, i })));
    const tasks = rows.map((r) => r.task);
    const ops = EDIT_OPS.length;
    // Operation.
    const opTable = tf.tidy(() => this.net.opLogp(this.net.trunk(taskTensors(tasks).global))).dataSync();
    const codes: ProgramCode[] = rows.map((_, b) => ({
      op: choose.categorical(opTable, b * ops, ops),
      object: 0,
      categorical: [],
      gaussian: [],
    }));
    const logps = rows.map((_, b) => [opTable[b * ops + codes[b]!.op]!]);
    // Object, given the operation.
    const objectTable = tf
      .tidy(() => {
        const { global, slots, slotMask } = taskTensors(tasks);
        const op = tf.cast(
          tf.oneHot(
            tf.tensor1d(
              codes.map((c) => c.op),
              'int32',
            ),
            ops,
          ),
          'float32',
        ) as tf.Tensor2D;
        return this.net.objectLogp(this.net.trunk(global), op, slots, slotMask);
      })
      .dataSync();
    rows.forEach(({ task }, b) => {
      const mask = programMask(EDIT_OPS[codes[b]!.op]!, task.features.objectsSeen);
      if (mask[1] === 1) codes[b]!.object = choose.categorical(objectTable, b * OBJECT_SLOTS, OBJECT_SLOTS);
      logps[b]!.push(mask[1] === 1 ? objectTable[b * OBJECT_SLOTS + codes[b]!.object]! : 0);
    });
    // Values, given operation and object.
    const partial = codes.map((c, b) => decodeProgram(c, tasks[b]!.features.objectsSeen));
    const { tables, means, logStd } = tf.tidy(() => {
      const out = this.forward(tasks, codes, chosenRows(tasks, codes, partial));
      return {
        tables: out.categorical.map((t) => t.dataSync()),
        means: out.mean.dataSync(),
        logStd: out.logStd.dataSync(),
      };
    });
    return rows.map(({ task, i }, b) => {
      const code = codes[b]!;
      const mask = programMask(EDIT_OPS[code.op]!, task.features.objectsSeen);
      const logp = logps[b]!;
      CATEGORICAL_HEADS.forEach(([, width], h) => {
        const used = mask[2 + h] === 1;
        code.categorical.push(used ? choose.categorical(tables[h]!, b * width, width) : 0);
        logp.push(used ? tables[h]![b * width + code.categorical[h]!]! : 0);
      });
      GAUSSIAN_HEADS.forEach((_, h) => {
        const used = mask[2 + CATEGORICAL_HEADS.length + h] === 1;
        const mu = means[b * GAUSSIAN_HEADS.length + h]!;
        const x = used ? choose.gaussian(mu, logStd[h]!) : 0;
        code.gaussian.push(x);
        logp.push(used ? gaussianLogDensity(x, mu, logStd[h]!) : 0);
      });
      return { input: i, action: decodeProgram(code, task.features.objectsSeen), logp, mask };
    });
  }
}

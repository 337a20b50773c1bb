import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng, UsageError } from '../../core/index.js';
import { drawStandardNormal, gaussianLogDensity } from './draw.js';
import { EDIT_OPS, type EditProgram } from './edit-program.js';
import { makeEditTasks, type EditTask } from './edit-task.js';
import { GAUSSIAN_HEADS } from './editor-network.js';
import { EditorPolicy } from './editor-policy.js';
import { decodeProgram, encodeProgram } from './program-codec.js';

await tf.setBackend('cpu');

let tasks: EditTask[] = [];
before(async () => {
  tasks = await makeEditTasks({ seed: 11, count: 6 });
});

function rows(policy: EditorPolicy, inputs: readonly EditTask[], actions: readonly EditProgram[]) {
  const { logp, mask } = policy.logProbs(inputs, actions);
  const out = { logp: logp.arraySync(), mask: mask.arraySync() };
  tf.dispose([logp, mask]);
  return out;
}

describe('gaussianLogDensity and drawStandardNormal', () => {
  it('match hand-computed values', () => {
    // log N(0; 0, 1) = -0.5 log(2 pi) = -0.918939; log N(1.5; 0.5, 2^2): z = 0.5, -0.125 - log 2 - 0.918939.
    assert.ok(Math.abs(gaussianLogDensity(0, 0, 0) + 0.9189385) < 1e-6);
    assert.ok(
      Math.abs(gaussianLogDensity(1.5, 0.5, Math.log(2)) - (-0.125 - Math.log(2) - 0.9189385)) < 1e-6,
    );
  });
  it('draws with mean near 0 and variance near 1', () => {
    const rng = createRng(3);
    const xs = Array.from({ length: 20000 }, () => drawStandardNormal(rng));
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
    assert.ok(Math.abs(m) < 0.03 && Math.abs(v - 1) < 0.05, `mean ${m}, variance ${v}`);
  });
});

describe('EditorPolicy', () => {
  it('samples n programs per task, input-major, the same for the same seed', () => {
    const policy = new EditorPolicy(undefined, createRng(1));
    const a = policy.sample(tasks, 5, createRng(2));
    const b = policy.sample(tasks, 5, createRng(2));
    assert.equal(a.length, 30);
    assert.deepEqual(
      a.map((r) => r.input),
      tasks.flatMap((_, i) => [i, i, i, i, i]),
    );
    assert.deepEqual(a, b);
    assert.ok(new Set(a.map((r) => r.action.op)).size > 3, 'an untrained policy tries many operations');
  });

  it("logProbs gives the sampler's per-step log-probs and mask (float32 tolerance)", () => {
    const policy = new EditorPolicy(undefined, createRng(4));
    const rollouts = policy.sample(tasks, 16, createRng(5));
    const { logp, mask } = rows(
      policy,
      rollouts.map((r) => tasks[r.input]!),
      rollouts.map((r) => r.action),
    );
    let checked = 0;
    rollouts.forEach((r, b) => {
      assert.deepEqual(mask[b], r.mask);
      r.mask.forEach((m, t) => {
        if (m === 0) return;
        checked++;
        const want = r.logp[t]!;
        assert.ok(Math.abs(logp[b]![t]! - want) <= 1e-5 * Math.max(1, Math.abs(want)), `row ${b} col ${t}`);
      });
    });
    assert.ok(checked > 96);
  });

  it('logProbs is differentiable in every variable an action uses', () => {
    const policy = new EditorPolicy(undefined, createRng(6));
    const rollouts = policy.sample(tasks, 4, createRng(7));
    const { grads } = tf.variableGrads(() => {
      const { logp, mask } = policy.logProbs(
        rollouts.map((r) => tasks[r.input]!),
        rollouts.map((r) => r.action),
      );
      return tf.sum(tf.mul(logp, mask));
    }, policy.variables());
    const norms = policy.variables().map((v) => tf.norm(grads[v.name]!).dataSync()[0]!);
    tf.dispose(Object.values(grads));
    assert.ok(norms.every((n) => Number.isFinite(n)) && norms.filter((n) => n > 0).length >= 12, `${norms}`);
  });

  it('entropy of a Gaussian column is 0.5 log(2 pi e) + log std (hand value at the start)', () => {
    const policy = new EditorPolicy(undefined, createRng(8));
    const program: EditProgram = { op: 'tone', toneAttribute: 'warmth', toneDelta: 0.3 };
    const h = policy.entropy([tasks[0]!], [program]);
    const row = h.arraySync()[0]!;
    h.dispose();
    const [, sd] = GAUSSIAN_HEADS[3]!;
    assert.ok(Math.abs(row[10]! - (0.5 * Math.log(2 * Math.PI * Math.E) + Math.log(sd))) < 1e-5);
    // An operation head near uniform at the start: entropy close to log 11.
    assert.ok(Math.abs(row[0]! - Math.log(EDIT_OPS.length)) < 0.05, `op entropy ${row[0]}`);
  });

  it('a checkpoint round-trip gives identical log-probs and survives JSON', async () => {
    const policy = new EditorPolicy(undefined, createRng(9));
    const rollouts = policy.sample(tasks, 4, createRng(10));
    const inputs = rollouts.map((r) => tasks[r.input]!);
    const actions = rollouts.map((r) => r.action);
    const checkpoint = JSON.parse(JSON.stringify(await policy.save()));
    const other = new EditorPolicy(undefined, createRng(99));
    assert.notDeepEqual(rows(other, inputs, actions).logp, rows(policy, inputs, actions).logp);
    await other.load(checkpoint);
    assert.deepEqual(rows(other, inputs, actions), rows(policy, inputs, actions));
    const rebuilt = await EditorPolicy.fromCheckpoint(checkpoint, createRng(0));
    assert.deepEqual(rows(rebuilt, inputs, actions), rows(policy, inputs, actions));
    await assert.rejects(other.load({ ...checkpoint, kind: 'toy-sequence' }), UsageError);
    const small = new EditorPolicy({ hidden: 8, pointerHidden: 4 }, createRng(1));
    await assert.rejects(small.load(checkpoint), UsageError);
  });

  it('act gives the mode: the same programs every time, Gaussian values at their means', () => {
    const policy = new EditorPolicy(undefined, createRng(12));
    assert.deepEqual(policy.act(tasks), policy.act(tasks));
  });
});

describe('encodeProgram / decodeProgram', () => {
  it('round-trip, and refuse programs no head could emit', () => {
    const program: EditProgram = { op: 'replace', object: 1, shape: 'star', color: 'pink' };
    assert.deepEqual(decodeProgram(encodeProgram(program, 3), 3), program);
    assert.throws(() => encodeProgram({ op: 'recolor', object: 3, color: 'red' }, 3), UsageError);
    assert.throws(() => encodeProgram({ op: 'recolor', color: 'red' }, 3), UsageError);
    assert.throws(() => encodeProgram({ op: 'move', object: 0, dx: Number.NaN, dy: 0 }, 1), UsageError);
    assert.throws(() => encodeProgram({ op: 'paint' } as unknown as EditProgram, 1), UsageError);
  });
});

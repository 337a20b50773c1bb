import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng, UsageError } from '../../core/index.js';
import { actionProbabilities } from './action-probabilities.js';
import { enumerateSequences } from './enumerate-sequences.js';
import { ToySequencePolicy } from './toy-sequence-policy.js';

await tf.setBackend('cpu');

const config = { inputs: 3, vocab: 2, maxLength: 3, hidden: 8 };

function logProbRows(policy: ToySequencePolicy, inputs: number[], actions: number[][]) {
  const { logp, mask } = policy.logProbs(inputs, actions);
  const out = { logp: logp.arraySync(), mask: mask.arraySync() };
  tf.dispose([logp, mask]);
  return out;
}

describe('enumerateSequences', () => {
  it('lists every ended sequence and the unended ones cut at maxLength', () => {
    // vocab 2, maxLength 2: [E], [0,E], [0,0], [0,1], [1,E], [1,0], [1,1] (E = 2).
    assert.deepEqual(enumerateSequences(2, 2), [[2], [0, 2], [0, 0], [0, 1], [1, 2], [1, 0], [1, 1]]);
  });
});

describe('ToySequencePolicy', () => {
  it('gives a distribution: the probabilities of all its sequences sum to 1 for every input', () => {
    const policy = new ToySequencePolicy(config, createRng(1));
    const all = enumerateSequences(config.vocab, config.maxLength);
    for (const x of [0, 1, 2]) {
      const total = actionProbabilities(policy, x, all).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - 1) < 1e-5, `input ${x}: ${total}`);
    }
  });

  it('samples sequences of varying length whose log-probs and masks logProbs gives back exactly', () => {
    const policy = new ToySequencePolicy(config, createRng(2));
    const rollouts = policy.sample([0, 2], 12, createRng(3));
    assert.equal(rollouts.length, 24);
    assert.deepEqual(
      rollouts.map((r) => r.input),
      [...Array<number>(12).fill(0), ...Array<number>(12).fill(1)],
    );
    const lengths = new Set(rollouts.map((r) => r.action.length));
    assert.ok(lengths.size > 1, 'lengths should vary');
    const inputs = rollouts.map((r) => [0, 2][r.input]!);
    const got = logProbRows(
      policy,
      inputs,
      rollouts.map((r) => r.action),
    );
    rollouts.forEach((r, b) => {
      assert.ok(r.action.length <= config.maxLength);
      assert.ok(
        r.action.slice(0, -1).every((tok) => tok !== policy.eos),
        'EOS only last',
      );
      assert.deepEqual(got.mask[b]!.slice(0, r.mask.length), r.mask);
      assert.ok(got.mask[b]!.slice(r.mask.length).every((m) => m === 0));
      assert.deepEqual(got.logp[b]!.slice(0, r.logp.length), r.logp);
    });
  });

  it('draws the same rollouts from the same seed', () => {
    const policy = new ToySequencePolicy(config, createRng(4));
    const draw = (): number[][] => policy.sample([1], 8, createRng(9)).map((r) => r.action);
    assert.deepEqual(draw(), draw());
  });

  it('gives identical log-probs after a JSON round trip of its checkpoint into another instance', async () => {
    const trained = new ToySequencePolicy(config, createRng(5));
    const fresh = new ToySequencePolicy(config, createRng(6));
    const all = enumerateSequences(config.vocab, config.maxLength);
    const inputs = all.map((_, i) => i % 3);
    assert.notDeepEqual(logProbRows(fresh, inputs, all).logp, logProbRows(trained, inputs, all).logp);
    await fresh.load(JSON.parse(JSON.stringify(await trained.save())));
    assert.deepEqual(logProbRows(fresh, inputs, all), logProbRows(trained, inputs, all));
  });

  it('refuses a checkpoint of another kind or shape', async () => {
    const policy = new ToySequencePolicy(config, createRng(7));
    const other = new ToySequencePolicy({ ...config, hidden: 4 }, createRng(7));
    await assert.rejects(policy.load({ ...(await other.save()), kind: 'editor' }), UsageError);
    await assert.rejects(policy.load(await other.save()), /shape/);
  });

  it('reports the entropy of the next-token distribution at each real position', () => {
    // At position 0 the next-token distribution is the first-token marginal, which the enumeration
    // gives: P(first = j) = sum of the probabilities of sequences starting with j.
    const policy = new ToySequencePolicy(config, createRng(8));
    const all = enumerateSequences(config.vocab, config.maxLength);
    const probs = actionProbabilities(policy, 1, all);
    const first = [0, 0, 0];
    all.forEach((s, i) => (first[s[0]!]! += probs[i]!));
    const want = -first.reduce((h, p) => h + p * Math.log(p), 0);
    const h = policy.entropy([1], [[0, 1]]);
    const got = h.arraySync()[0]![0]!;
    h.dispose();
    assert.ok(Math.abs(got - want) < 1e-5, `${got} vs ${want}`);
  });
});

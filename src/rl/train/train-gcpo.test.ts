import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createRng, UsageError } from '../../core/index.js';
import { actionProbabilities, enumerateSequences, ToySequencePolicy } from '../toy/index.js';
import { gcpoPairRewards } from './gcpo-pair-rewards.js';
import { trainGcpo, type GcpoOptions, type GcpoPair } from './train-gcpo.js';

await tf.setBackend('cpu');

// A toy reward model: inputs are edits 0..4, a trace is tokens {0, 1} ended by EOS (2) within 4
// tokens, and its final score is how many 1s it holds (0..3); a trace that never ends is unparsable.
// Edits 0 > 1 > 2 in quality; 3 and 4 appear only in a 'same' pair. The known optimum ranks the
// edits: each pair's winner scores above its loser with probability near 1.
const config = { inputs: 5, vocab: 2, maxLength: 4, hidden: 32 };
const EOS = config.vocab;
const score = (_edit: number, trace: number[]): number | null =>
  trace.at(-1) === EOS ? trace.filter((t) => t === 1).length : null;
const pairs: GcpoPair<number>[] = [
  { a: 0, b: 1, preference: 'a' },
  { a: 2, b: 1, preference: 'b' },
  { a: 0, b: 2, preference: 'a' },
  { a: 3, b: 4, preference: 'same' },
];

/** P(score of winner > score of loser) under the policy, exactly, over independent traces. */
function winProbability(policy: ToySequencePolicy, winner: number, loser: number): number {
  const all = enumerateSequences(config.vocab, config.maxLength);
  const dist = (edit: number): Map<number, number> => {
    const out = new Map<number, number>();
    actionProbabilities(policy, edit, all).forEach((p, i) => {
      const s = score(edit, all[i]!);
      if (s !== null) out.set(s, (out.get(s) ?? 0) + p);
    });
    return out;
  };
  let total = 0;
  for (const [sw, pw] of dist(winner)) for (const [sl, pl] of dist(loser)) if (sw > sl) total += pw * pl;
  return total;
}

describe('gcpoPairRewards', () => {
  it('gives an unparsed trace 0 and lets it count for nothing on the other side', () => {
    // winner [5, null, 2], loser [1, 3, null]; parsed loser scores are 1 and 3.
    // r_w: 5 beats 1 and 3 -> 2/3; null -> 0; 2 beats 1 -> 1/3.
    // r_l: 1 is below 5 and 2 -> 2/3; 3 is below 5 -> 1/3; null -> 0.
    const r = gcpoPairRewards([5, null, 2], [1, 3, null]);
    assert.deepEqual(r, { winner: [2 / 3, 0, 1 / 3], loser: [2 / 3, 1 / 3, 0] });
  });
});

describe('trainGcpo', () => {
  it("ranks every pair's winner above its loser with probability > 0.9, never scoring a 'same' pair", async () => {
    const policy = new ToySequencePolicy(config, createRng(1));
    const seen = new Set<number>();
    const options: GcpoOptions<number, number[]> = {
      policy,
      pairs,
      pairsPerStep: 3,
      traces: 8,
      score: (edit, trace) => {
        seen.add(edit);
        return score(edit, trace);
      },
      steps: 60,
      seed: 5,
      lr: 0.02,
      progress: 'off',
    };
    const ranked = pairs.filter((p) => p.preference !== 'same');
    const before = ranked.map((p) =>
      winProbability(policy, p.preference === 'a' ? p.a : p.b, p.preference === 'a' ? p.b : p.a),
    );
    const { records } = await trainGcpo(options);
    const after = ranked.map((p) =>
      winProbability(policy, p.preference === 'a' ? p.a : p.b, p.preference === 'a' ? p.b : p.a),
    );
    assert.ok(
      before.every((p) => p < 0.6),
      `start ${before}`,
    );
    assert.ok(
      after.every((p) => p > 0.9),
      `after 60 steps ${after}`,
    );
    assert.deepEqual([...seen].sort(), [0, 1, 2]);
    assert.ok(records.every((r) => r.extra['pairs'] === 3));
  });

  it('refuses more pairs per step than pairs with a winner', async () => {
    const policy = new ToySequencePolicy(config, createRng(2));
    await assert.rejects(
      trainGcpo({
        policy,
        pairs,
        pairsPerStep: 4,
        traces: 4,
        score,
        steps: 1,
        seed: 1,
        lr: 0.01,
        progress: 'off',
      }),
      UsageError,
    );
  });
});

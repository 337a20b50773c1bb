import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../core/index.js';
import type { GoldLabel } from '../types.js';
import { selectTrace, type TraceScores } from './select-trace.js';

const gold = (labels: (0 | 1)[]): GoldLabel[] =>
  labels.map((g, i) => ({ question: `Q${i}`, gold: g, reason: '' }));
const trace = (scores: (0 | 1 | null)[], averageScore: number | null = null): TraceScores => ({
  points: scores.map((score) => ({ score })),
  averageScore,
});

describe('selectTrace', () => {
  // Gold 1 1 0 0 (average 0.5).
  const GOLD = gold([1, 1, 0, 0]);

  it('keeps the most accurate trace: 4/4 beats 3/4 and 2/4', () => {
    const selection = selectTrace(GOLD, [
      trace([1, 0, 0, 0], 0.25), // 3/4
      trace([1, 1, 0, 0], 0.5), //  4/4
      trace([0, 0, 0, 0], 0), //    2/4
    ]);
    assert.deepEqual(selection, { index: 1, accuracy: 1, accuracies: [0.75, 1, 0.5] });
  });

  it('counts an unscored point as a miss', () => {
    // null where gold is 0: a miss, so 3/4, below the 4/4 of the second trace.
    const selection = selectTrace(GOLD, [trace([1, 1, 0, null], 2 / 3), trace([1, 1, 0, 0], 0.5)]);
    assert.deepEqual(selection.accuracies, [0.75, 1]);
    assert.equal(selection.index, 1);
  });

  it('breaks an accuracy tie by closeness of averageScore to the gold average (0.5)', () => {
    // Both 3/4: |0.75 - 0.5| = 0.25 against |0.5 - 0.5| = 0 (its own stated average, taken as given).
    const selection = selectTrace(GOLD, [trace([1, 1, 1, 0], 0.75), trace([0, 1, 0, 0], 0.5)]);
    assert.deepEqual(selection, { index: 1, accuracy: 0.75, accuracies: [0.75, 0.75] });
  });

  it('puts a trace with no average last among equally accurate ones', () => {
    const selection = selectTrace(GOLD, [trace([1, 1, 1, 0], null), trace([1, 1, 1, 0], 0.75)]);
    assert.equal(selection.index, 1);
  });

  it('breaks a tie in accuracy and closeness by the lower index', () => {
    // 0.75 and 0.25 are both 0.25 from 0.5; a later exact copy also ties.
    const selection = selectTrace(GOLD, [
      trace([1, 1, 0, 0], 0.4),
      trace([1, 1, 1, 0], 0.75),
      trace([1, 0, 0, 0], 0.25),
      trace([1, 1, 0, 0], 0.4),
    ]);
    assert.deepEqual(selection, { index: 0, accuracy: 1, accuracies: [1, 0.75, 0.75, 1] });
    const tied = selectTrace(GOLD, [trace([1, 1, 1, 0], 0.75), trace([1, 0, 0, 0], 0.25)]);
    assert.equal(tied.index, 0);
    const noAverages = selectTrace(GOLD, [trace([1, 1, 1, null]), trace([1, 1, 1, null])]);
    assert.equal(noAverages.index, 0);
  });

  it('treats distances equal up to floating point as tied (2/3 and 1/3 around 0.5)', () => {
    // Gold 1 0 (average 0.5); both traces 1/2 accurate; |2/3 - 0.5| and |1/3 - 0.5| differ by 6e-17.
    const selection = selectTrace(gold([1, 0]), [trace([0, 0], 1 / 3), trace([1, 1], 2 / 3)]);
    assert.equal(selection.index, 0);
    const swapped = selectTrace(gold([1, 0]), [trace([1, 1], 2 / 3), trace([0, 0], 1 / 3)]);
    assert.equal(swapped.index, 0);
  });

  it('refuses no traces, no gold, or a trace with another number of points', () => {
    assert.throws(() => selectTrace(GOLD, []), UsageError);
    assert.throws(() => selectTrace([], [trace([])]), UsageError);
    assert.throws(
      () => selectTrace(GOLD, [trace([1, 1, 0])]),
      (e: unknown) => e instanceof UsageError && /trace 0 has 3 points for 4 gold labels/.test(e.message),
    );
  });
});

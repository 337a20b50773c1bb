import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SelectedRow } from '../types.js';
import { binOf, computeDatasetCard } from './dataset-card.js';

function row(id: string, fields: Partial<SelectedRow>): SelectedRow {
  return {
    quadrupleId: id,
    inputId: id,
    category: 'x',
    instruction: 'edit',
    source: '/s.png',
    edited: '/e.png',
    principles: [{ question: 'Done?', category: 'instruction-following' }],
    gold: [],
    trace: 't',
    finalScore: 5,
    averageScore: null,
    member: 0,
    model: 'm1',
    promptVariant: 'standard',
    accuracy: 1,
    traceAccuracies: [1],
    ...fields,
  };
}

describe('binOf', () => {
  it('puts values in bins of equal width, edges low-inclusive, the top value in the last bin', () => {
    assert.equal(binOf(0, 1, 10), 0);
    assert.equal(binOf(0.7, 1, 10), 7);
    assert.equal(binOf(0.7 - 0.4, 1, 10), 3); // 0.29999999999999993 is 0.3 to a reader
    assert.equal(binOf(0.6999, 1, 10), 6);
    assert.equal(binOf(1, 1, 10), 9);
    assert.equal(binOf(9.99, 10, 10), 9);
    assert.equal(binOf(10, 10, 10), 9);
    assert.equal(binOf(3, 10, 10), 3);
  });
});

describe('computeDatasetCard', () => {
  const kept = [
    row('a', { category: 'X', accuracy: 1, finalScore: 8, traceAccuracies: [1, 0.5] }),
    row('b', {
      category: 'X',
      accuracy: 0.7,
      finalScore: 10,
      model: 'm2',
      promptVariant: 'strict',
      traceAccuracies: [0.7, 0.3],
    }),
    row('c', { category: 'Y', accuracy: 0.6, finalScore: 0, traceAccuracies: [0.6] }),
  ];
  const leftOut = [
    {
      row: row('d', { category: 'Y', accuracy: 0.5, finalScore: 3, traceAccuracies: [0.5, 0.5, 0.2] }),
      reason: 'belowMinAccuracy' as const,
    },
    {
      row: row('e', { category: 'Z', accuracy: 0.9, finalScore: 9.5, traceAccuracies: [0.9] }),
      reason: 'mediaTokenInText' as const,
    },
  ];
  const card = computeDatasetCard({ datasetName: 'd', format: 'swift', minAccuracy: 0.6, kept, leftOut });

  it('counts kept and left-out quadruples, per reason and per category', () => {
    assert.equal(card.quadruples, 5);
    assert.equal(card.kept, 3);
    assert.deepEqual(card.leftOut, { belowMinAccuracy: 1, mediaTokenInText: 1 });
    assert.equal(card.shareBelowMinAccuracy, 0.2);
    assert.equal(card.minAccuracy, 0.6);
    assert.deepEqual(card.categories, [
      { category: 'X', kept: 2, leftOut: 0 },
      { category: 'Y', kept: 1, leftOut: 1 },
      { category: 'Z', kept: 0, leftOut: 1 },
    ]);
  });

  it('histograms the kept final scores in bins of 1, 10 in the last', () => {
    assert.deepEqual(
      card.finalScores.map((b) => b.count),
      [1, 0, 0, 0, 0, 0, 0, 0, 1, 1],
    );
    assert.deepEqual(card.finalScores[9], { from: 9, to: 10, count: 1 });
  });

  it('bins selected-trace accuracy (kept, left out) and every trace in bins of 0.1', () => {
    assert.deepEqual(
      card.accuracy.map((b) => [b.kept, b.leftOut, b.traces]),
      [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 1],
        [0, 0, 1],
        [0, 0, 0],
        [0, 1, 3],
        [1, 0, 1],
        [1, 0, 1],
        [0, 0, 0],
        [1, 1, 2],
      ],
    );
    assert.equal(card.accuracy[3]!.from, 0.3);
  });

  it('counts kept traces per model and prompt variant', () => {
    assert.deepEqual(card.members, [
      { model: 'm1', promptVariant: 'standard', kept: 2 },
      { model: 'm2', promptVariant: 'strict', kept: 1 },
    ]);
  });

  it('has no share to report when there are no quadruples', () => {
    const empty = computeDatasetCard({
      datasetName: 'd',
      format: 'jsonl',
      minAccuracy: 0.5,
      kept: [],
      leftOut: [],
    });
    assert.equal(empty.shareBelowMinAccuracy, null);
    assert.equal(empty.quadruples, 0);
  });
});

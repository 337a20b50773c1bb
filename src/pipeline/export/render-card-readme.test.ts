import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DatasetCard } from './dataset-card.js';
import { renderCardReadme } from './render-card-readme.js';

const card: DatasetCard = {
  datasetName: 'my_set',
  format: 'llamafactory',
  minAccuracy: 0.6,
  quadruples: 9,
  kept: 8,
  leftOut: { belowMinAccuracy: 1, mediaTokenInText: 0 },
  shareBelowMinAccuracy: 1 / 9,
  categories: [{ category: 'a|b', kept: 8, leftOut: 1 }],
  finalScores: Array.from({ length: 10 }, (_, i) => ({
    from: i,
    to: i + 1,
    count: i === 7 ? 4 : i === 9 ? 3 : i === 2 ? 1 : 0,
  })),
  accuracy: Array.from({ length: 10 }, (_, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    kept: i === 9 ? 8 : 0,
    leftOut: i === 5 ? 1 : 0,
    traces: 0,
  })),
  members: [{ model: 'qwen', promptVariant: 'strict', kept: 8 }],
};

describe('renderCardReadme', () => {
  const text = renderCardReadme(card, { description: 'desc', usage: 'USAGE LINE' });
  const lines = text.split('\n');

  it('draws the final-score histogram with bars proportional to the counts', () => {
    const barOf = (label: string) => {
      const line = lines.find((l) => l.startsWith(label));
      assert.ok(line, `no line for ${label}`);
      return (line.match(/█/g) ?? []).length;
    };
    assert.equal(barOf('[7, 8)'), 40); // the largest bin: full width
    assert.equal(barOf('[9, 10]'), 30); // 3/4 of 40
    assert.equal(barOf('[2, 3)'), 10); // 1/4 of 40
    assert.equal(barOf('[0, 1)'), 0);
    assert.ok(lines.find((l) => l.startsWith('[9, 10]'))!.endsWith(' 3'));
  });

  it('states the threshold, the share left out and how to load the folder', () => {
    assert.ok(text.includes('Minimum accuracy of the kept trace: 0.6'));
    assert.ok(text.includes('(left out): 1 (11.1%)'));
    assert.ok(text.includes('USAGE LINE'));
    assert.ok(text.includes('| a\\|b | 8 | 1 |'));
    assert.ok(text.includes('| [0.9, 1.0] | 8 | 0 | 0 |'));
    assert.ok(text.includes('| qwen | strict | 8 |'));
  });
});

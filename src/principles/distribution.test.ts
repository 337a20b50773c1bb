import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Category } from '../core/index.js';
import { checkDistribution } from './distribution.js';

const make = (f: number, k: number, q: number) => {
  const list: { question: string; category: Category }[] = [];
  for (let i = 0; i < f; i++) list.push({ question: `Follow ${i}?`, category: 'instruction-following' });
  for (let i = 0; i < k; i++) list.push({ question: `Keep ${i}?`, category: 'feature-preservation' });
  for (let i = 0; i < q; i++) list.push({ question: `Quality ${i}?`, category: 'image-quality' });
  return list;
};

describe('checkDistribution', () => {
  it('accepts exactly the three splits that add up to ten', () => {
    for (const [f, k, q] of [
      [4, 4, 2],
      [4, 3, 3],
      [3, 4, 3],
    ] as const) {
      assert.deepEqual(checkDistribution(make(f, k, q)).problems, [], `${f}-${k}-${q}`);
    }
  });

  it('rejects a split outside the ranges even when the total is ten', () => {
    const report = checkDistribution(make(3, 3, 4));
    assert.equal(report.problems.length, 1);
    assert.match(report.problems[0]!, /4 image-quality/);
  });

  it('says how many of each were given and what to give instead', () => {
    const report = checkDistribution(make(5, 4, 3));
    assert.deepEqual(report.counts, {
      'instruction-following': 5,
      'feature-preservation': 4,
      'image-quality': 3,
    });
    assert.equal(
      report.problems[0],
      'you gave 12 principles (5 instruction-following, 4 feature-preservation, 3 image-quality); give exactly 10 with 3-4 instruction-following, 3-4 feature-preservation, 2-3 image-quality',
    );
  });

  it('finds repeated questions regardless of case, spacing and end punctuation', () => {
    const list = make(4, 3, 3);
    list[5] = { question: '  follow   1 ', category: 'feature-preservation' };
    const report = checkDistribution(list);
    assert.deepEqual(report.problems, ['principles 2 and 6 ask the same question ("follow   1")']);
  });

  it('flags an empty question', () => {
    const list = make(4, 3, 3);
    list[0] = { question: ' ? ', category: 'instruction-following' };
    assert.deepEqual(checkDistribution(list).problems, ['principle 1 has an empty question']);
  });
});

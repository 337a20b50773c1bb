import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principle } from '../core/index.js';
import { matchPoints } from './match-points.js';
import { createParseContext } from './parse-context.js';

const principles: Principle[] = [
  { question: 'Is the cup red?', category: 'instruction-following' },
  { question: 'Is the table kept?', category: 'feature-preservation' },
  { question: 'Is the image sharp?', category: 'image-quality' },
];

describe('matchPoints', () => {
  it('matches by text whatever the order', () => {
    const ctx = createParseContext('', false);
    const points = matchPoints(
      principles,
      [
        { question: 'is the image sharp', score: 0 },
        { question: 'Is the cup red?', score: 1, reason: 'red' },
      ],
      ctx,
    );
    assert.deepEqual(
      points.map((p) => p.score),
      [1, null, 0],
    );
    assert.equal(points[0]!.reason, 'red');
    assert.equal(ctx.warnings.length, 1);
    assert.match(ctx.warnings[0]!, /no score for 1 principle\(s\): "Is the table kept\?"/);
  });

  it('pairs what is left by position when the counts match', () => {
    const ctx = createParseContext('', false);
    const points = matchPoints(
      principles,
      [
        { question: 'Is the cup red?', score: 1 },
        { question: 'Table intact?', score: 0 },
        { question: 'Sharp?', score: 1 },
      ],
      ctx,
    );
    assert.deepEqual(
      points.map((p) => p.score),
      [1, 0, 1],
    );
    assert.match(ctx.warnings[0]!, /matched 2 point\(s\) by position/);
  });

  it('ignores unmatched points when the counts differ', () => {
    const ctx = createParseContext('', false);
    const points = matchPoints(principles, [{ question: 'Something else?', score: 1 }], ctx);
    assert.deepEqual(
      points.map((p) => p.score),
      [null, null, null],
    );
    assert.match(ctx.warnings[0]!, /ignored point\(s\) that match no principle: "Something else\?"/);
  });
});

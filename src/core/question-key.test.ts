import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinSeconds } from '../testing/within-time.js';
import { PrincipleListSchema } from './principle.js';
import { normalizeQuestion } from './question-key.js';

describe('normalizeQuestion', () => {
  it('ignores case, spacing, punctuation and leading numbering', () => {
    const key = normalizeQuestion('Is the cup red?');
    for (const variant of [
      '1. IS THE CUP RED',
      'Q2: is the  cup red ?!',
      '(3) Is the cup, red',
      'ｉｓ the cup red?',
    ]) {
      assert.equal(normalizeQuestion(variant), key, variant);
    }
  });

  it('keeps digits that belong to the question', () => {
    assert.equal(normalizeQuestion('3 cups remain?'), '3 cups remain');
  });

  // A question preceded by a megabyte of spaces: stripping numbering in time quadratic in the spaces
  // would run for many minutes, so this fails by timeout if that comes back.
  it('reads past a megabyte of leading spaces in linear time', { timeout: 30_000 }, () => {
    assert.equal(
      withinSeconds(30, () => normalizeQuestion(`${' '.repeat(1_000_000)}Is the cup red?`)),
      'is the cup red',
    );
    assert.equal(
      withinSeconds(30, () => normalizeQuestion(`${' '.repeat(1_000_000)}Q1: Is the cup red?`)),
      'is the cup red',
    );
  });
});

describe('PrincipleListSchema', () => {
  it('refuses a question asked twice, as normalizeQuestion reads them, naming both', () => {
    const parsed = PrincipleListSchema.safeParse([
      { question: 'Is the cup red?', category: 'instruction-following' },
      { question: 'Is the table kept?', category: 'feature-preservation' },
      { question: '3. is the CUP red', category: 'image-quality' },
    ]);
    assert.ok(!parsed.success);
    assert.deepEqual(
      parsed.error.issues.map((issue) => [issue.path, issue.message]),
      [[[2, 'question'], 'asks what principle 0 (counting from 0) asks; ask each question once']],
    );
    assert.ok(
      PrincipleListSchema.safeParse([
        { question: 'Is the cup red?', category: 'instruction-following' },
        { question: 'Are 3 cups red?', category: 'instruction-following' },
      ]).success,
    );
  });
});

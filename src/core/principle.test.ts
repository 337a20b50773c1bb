import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeCategory, PrincipleListSchema, PrincipleSchema } from './principle.js';

test('the paper names, its prose names and ours all map to our category ids', () => {
  assert.equal(normalizeCategory('Instruction Following'), 'instruction-following');
  assert.equal(normalizeCategory('instruction_following'), 'instruction-following');
  assert.equal(normalizeCategory('Follow'), 'instruction-following');
  assert.equal(normalizeCategory('Feature Preservation'), 'feature-preservation');
  assert.equal(normalizeCategory('keep'), 'feature-preservation');
  assert.equal(normalizeCategory('IMAGE QUALITY'), 'image-quality');
  assert.equal(normalizeCategory('Quality'), 'image-quality');
  assert.equal(normalizeCategory('aesthetics'), undefined);
});

test('a principle parses with a paper category name and keeps its check', () => {
  const p = PrincipleSchema.parse({
    question: '  Is the sky brighter?  ',
    category: 'Instruction Following',
    check: { kind: 'tone', attribute: 'brightness', direction: 'increase', minDelta: 0.05 },
  });
  assert.deepEqual(p, {
    question: 'Is the sky brighter?',
    category: 'instruction-following',
    check: { kind: 'tone', attribute: 'brightness', direction: 'increase', minDelta: 0.05 },
  });
});

test('an unknown category is refused with a message listing the accepted names', () => {
  const result = PrincipleSchema.safeParse({ question: 'Is it good?', category: 'vibes' });
  assert.equal(result.success, false);
  assert.match(result.error!.issues[0]!.message, /Instruction Following/);
});

test('an empty question, an empty list and a malformed check are refused', () => {
  assert.equal(PrincipleSchema.safeParse({ question: '  ', category: 'keep' }).success, false);
  assert.equal(PrincipleListSchema.safeParse([]).success, false);
  const badCheck = {
    question: 'Q?',
    category: 'keep',
    check: { kind: 'change-localized', maxChangedShare: 2 },
  };
  assert.equal(PrincipleSchema.safeParse(badCheck).success, false);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkPrinciples, normalizeCategory, PrincipleListSchema, PrincipleSchema } from './principle.js';

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

test('checkPrinciples parses a list once: what it returns is frozen and taken back as it is', () => {
  const given = [
    { question: ' Is there a red ball? ', category: 'Follow' },
    { question: 'Is the sky kept?', category: 'keep', check: { kind: 'changed' } },
  ];
  const first = checkPrinciples(given);
  assert.ok(first.success);
  assert.deepEqual(first.data, [
    { question: 'Is there a red ball?', category: 'instruction-following' },
    { question: 'Is the sky kept?', category: 'feature-preservation', check: { kind: 'changed' } },
  ]);
  assert.notEqual(first.data, given);
  // Frozen through and through, so it cannot differ from what was checked.
  assert.ok(
    Object.isFrozen(first.data) && Object.isFrozen(first.data[1]) && Object.isFrozen(first.data[1]!.check),
  );
  assert.throws(() => (first.data as unknown[]).push({ question: '?', category: 'vibes' }), TypeError);
  const again = checkPrinciples(first.data);
  assert.ok(again.success);
  assert.equal(again.data, first.data);
});

test('checkPrinciples parses a list it did not return every time, so a change since is caught', () => {
  const given = [{ question: 'Is there a red ball?', category: 'instruction-following' }];
  const first = checkPrinciples(given);
  assert.ok(first.success);
  const second = checkPrinciples(given);
  assert.ok(second.success);
  assert.notEqual(second.data, first.data);
  given[0]!.category = 'vibes';
  const changed = checkPrinciples(given);
  assert.equal(changed.success, false);
  assert.match(String(!changed.success && changed.error.issues[0]!.message), /category must be one of/);
  // A copy of a checked list is not one it returned.
  assert.equal(checkPrinciples([...first.data, { question: '', category: 'keep' }]).success, false);
});

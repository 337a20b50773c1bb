import assert from 'node:assert/strict';
import { test } from 'node:test';
import { majorityPreference } from './majority-preference.js';

test('a strict majority wins, whatever the choice', () => {
  assert.equal(majorityPreference(['a']), 'a');
  assert.equal(majorityPreference(['b', 'b', 'a']), 'b');
  assert.equal(majorityPreference(['same', 'same', 'a']), 'same');
  assert.equal(majorityPreference(['a', 'b', 'a', 'same']), 'a');
});

test("every tie at the top resolves to 'same'", () => {
  assert.equal(majorityPreference(['a', 'b']), 'same');
  assert.equal(majorityPreference(['a', 'same']), 'same');
  assert.equal(majorityPreference(['b', 'same']), 'same');
  assert.equal(majorityPreference(['a', 'b', 'same']), 'same');
  assert.equal(majorityPreference(['a', 'a', 'b', 'b', 'same']), 'same');
});

test('no labels: no preference', () => {
  assert.equal(majorityPreference([]), undefined);
});

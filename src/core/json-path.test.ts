import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fieldPath } from './json-path.js';

test('fieldPath writes a path as a reader would, indices in brackets', () => {
  assert.equal(fieldPath(['items', 0, 'edited', 2]), 'items[0].edited[2]');
  assert.equal(fieldPath(['source']), 'source');
  assert.equal(fieldPath([3, 'question']), '[3].question');
  assert.equal(fieldPath([]), '(body)');
});

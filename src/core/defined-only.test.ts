import assert from 'node:assert/strict';
import { test } from 'node:test';
import { definedOnly } from './defined-only.js';

test('definedOnly drops undefined fields and keeps every other value, falsy ones included', () => {
  const onStep = () => {};
  const kept = definedOnly({ a: 1, b: undefined, c: 0, d: null, e: '', f: false, g: onStep });
  assert.deepEqual(kept, { a: 1, c: 0, d: null, e: '', f: false, g: onStep });
  assert.equal('b' in kept, false);
  assert.deepEqual(definedOnly({ x: undefined }), {});
});

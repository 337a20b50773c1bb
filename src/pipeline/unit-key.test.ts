import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { UsageError } from '../core/index.js';
import { canonicalJson, unitKey } from './unit-key.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('canonicalJson', () => {
  test('sorts keys recursively, drops undefined members and writes no whitespace', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' }, u: undefined };
    assert.equal(canonicalJson(value), '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  test('the same members built in another order give the same text', () => {
    assert.equal(canonicalJson({ x: 1, y: [1, 2] }), canonicalJson({ y: [1, 2], x: 1 }));
  });

  test('keys sort by code unit (upper case before lower, "10" before "9") and strings are JSON-escaped', () => {
    assert.equal(canonicalJson({ b: 0, B: 0, '9': 0, '10': 0 }), '{"10":0,"9":0,"B":0,"b":0}');
    assert.equal(canonicalJson({ q: 'say "hi"\n' }), '{"q":"say \\"hi\\"\\n"}');
  });

  test('an undefined array item keeps its place as null', () => {
    assert.equal(canonicalJson([1, undefined, 2]), '[1,null,2]');
  });

  test('refuses values JSON would change silently, naming the path', () => {
    assert.throws(() => canonicalJson({ a: { t: Number.NaN } }), /a\.t is NaN/);
    assert.throws(
      () => canonicalJson({ when: new Date(0) }),
      (e: unknown) => e instanceof UsageError && /when is Date/.test(e.message),
    );
    assert.throws(() => canonicalJson({ n: 1n }), /n is bigint/);
    assert.throws(() => canonicalJson([Infinity]), /\[0\] is Infinity/);
  });
});

describe('unitKey', () => {
  test('is the sha256 of {"parts":...,"stage":...} in canonical form', () => {
    const key = unitKey('trace', { temperature: 0.7, model: 'm', sampleIndex: 0 });
    assert.equal(key, sha256('{"parts":{"model":"m","sampleIndex":0,"temperature":0.7},"stage":"trace"}'));
    assert.match(key, /^[0-9a-f]{64}$/);
  });

  test('differs by stage and by any part, not by key order or undefined parts', () => {
    const parts = { source: 'abc', index: 1 };
    assert.notEqual(unitKey('trace', parts), unitKey('verify', parts));
    assert.notEqual(unitKey('trace', parts), unitKey('trace', { ...parts, index: 2 }));
    assert.equal(unitKey('trace', parts), unitKey('trace', { index: 1, extra: undefined, source: 'abc' }));
  });
});

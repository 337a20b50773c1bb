import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinSeconds } from '../testing/within-time.js';
import { findJsonValues } from './json-extent.js';

type Obj = Record<string, unknown>;
const anyObject = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

describe('findJsonValues', () => {
  it('finds objects in prose and fences, skipping braces inside strings and asides that are not JSON', () => {
    const text = 'Note {not json} then:\n```json\n{"a": "x } y", "b": [1, {"c": null}]}\n```\n{"d": -1.5e3}';
    assert.deepEqual(findJsonValues(text, '{', anyObject), [
      { a: 'x } y', b: [1, { c: null }] },
      { d: -1500 },
    ]);
  });

  it('searches inside a value it does not accept, and skips one it accepts whole', () => {
    const text = '{"answer": {"gold": [1]}, "other": {"gold": [2]}}';
    const gold = (value: unknown): value is Obj => anyObject(value) && 'gold' in value;
    assert.deepEqual(findJsonValues(text, '{', gold), [{ gold: [1] }, { gold: [2] }]);
    assert.deepEqual(findJsonValues(text, '{', anyObject), [JSON.parse(text)]);
  });

  it('refuses what JSON.parse refuses: bare keys, trailing commas, single quotes, raw line breaks in strings', () => {
    for (const bad of ['{a: 1}', '{"a": 1,}', "{'a': 1}", '{"a": "x\ny"}', '{"a" 1}', '{"a": 01}', '[1 2]']) {
      assert.deepEqual(
        findJsonValues(bad, bad[0] as '{' | '[', (_value): _value is unknown => true),
        [],
        bad,
      );
    }
  });

  it('builds each value as JSON.parse does: duplicate keys, __proto__, key order, escapes and numbers', () => {
    const text =
      '{"b": 1, "2": [], "1": {"__proto__": {"x": 1}}, "b": "\\ud83d\\ude00\\u00e9", "n": [-0, 1e400, 0.5E-3, true, null]}';
    const [found] = findJsonValues(text, '{', anyObject);
    const parsed = JSON.parse(text) as Obj;
    assert.deepEqual(found, parsed);
    assert.deepEqual(Object.keys(found!), Object.keys(parsed));
    const inner = (found!['1'] as Obj)['__proto__'];
    assert.equal(Object.getPrototypeOf(found!['1']), Object.prototype);
    assert.ok(Object.hasOwn(found!['1'] as Obj, '__proto__'));
    assert.deepEqual(inner, { x: 1 });
    assert.ok(Object.is((found!.n as unknown[])[0], -0));
  });

  it('reads empty containers and escapes', () => {
    assert.deepEqual(findJsonValues('x {} [] {"k": "\\u00e9\\n"}', '{', anyObject), [{}, { k: 'é\n' }]);
  });

  // About a megabyte of braces each: a search that matches brackets and parses from every opener again
  // runs for many minutes on these; one pass over the text takes well under a second.
  it('is linear in the length of a text of many unclosed or unparseable objects', () => {
    assert.deepEqual(
      withinSeconds(30, () => findJsonValues('{'.repeat(1_000_000), '{', anyObject)),
      [],
    );
    assert.deepEqual(
      withinSeconds(30, () =>
        findJsonValues(`${'{"a": '.repeat(200_000)}x${'}'.repeat(200_000)}`, '{', anyObject),
      ),
      [],
    );
    assert.deepEqual(
      withinSeconds(30, () =>
        findJsonValues(`${'{"a": "{'.repeat(100_000)}\n{"b": {"c": 1}}`, '{', anyObject),
      ),
      [{ b: { c: 1 } }],
    );
  });

  // Each nested object not accepted was parsed again from its own opening, depth times the length.
  it('is linear in the length of deeply nested objects it does not accept', () => {
    const depth = 100_000;
    const gold = (value: unknown): value is Obj => anyObject(value) && 'gold' in value;
    assert.deepEqual(
      withinSeconds(30, () =>
        findJsonValues(`${'{"a": '.repeat(depth)}{"gold": 1}${'}'.repeat(depth)}`, '{', gold),
      ),
      [{ gold: 1 }],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { balancedEnd, repairPseudoJson } from './json-scan.js';

describe('balancedEnd', () => {
  it('finds the end of a region, skipping brackets inside strings', () => {
    const text = 'see [{"a": "x]y", "b": [1, 2]}] then more';
    assert.equal(text.slice(4, balancedEnd(text, 4)), '[{"a": "x]y", "b": [1, 2]}]');
  });

  it('treats an apostrophe inside a single-quoted string as text', () => {
    const text = "[{'r': 'the man's hat]'}] tail";
    assert.equal(balancedEnd(text, 0), text.indexOf(' tail'));
  });

  it('returns -1 when the text ends inside the region', () => {
    assert.equal(balancedEnd('[{"a": 1}, {"b"', 0), -1);
  });
});

describe('repairPseudoJson', () => {
  it('turns Python-style pseudo-JSON into JSON', () => {
    const repaired = repairPseudoJson("[{'q': 'it\\'s ok', score: True, 'n': None, 'w': yes,},]");
    assert.deepEqual(JSON.parse(repaired), [{ q: "it's ok", score: true, n: null, w: 'yes' }]);
  });

  it('leaves valid JSON equivalent, commas inside strings included', () => {
    const json = '[{"a": "x, ]", "b": [1.5, -2e3, false], "c": "\\u00e9\\n"}]';
    assert.deepEqual(JSON.parse(repairPseudoJson(json)), JSON.parse(json));
  });

  it('escapes a stray double quote inside a string', () => {
    assert.deepEqual(JSON.parse(repairPseudoJson('[{"r": "the "red" cup"}]')), [{ r: 'the "red" cup' }]);
  });
});

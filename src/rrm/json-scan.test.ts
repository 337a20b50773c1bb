import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinSeconds } from '../testing/within-time.js';
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

// About a megabyte each: a repair whose time grows with the square of the region's length would run
// for many minutes, so these fail by timeout if that comes back.
describe('repairPseudoJson takes time linear in the length of the region', () => {
  it('drops the trailing commas of a megabyte of nested lists', { timeout: 30_000 }, () => {
    const repaired = withinSeconds(30, () => repairPseudoJson(`[${'[1, ], '.repeat(150_000)}]`));
    assert.equal(repaired, `[${'[1], '.repeat(149_999)}[1]]`);
  });

  it('copies a megabyte-long run of letters after a digit as it is', { timeout: 30_000 }, () => {
    const region = `[1${'a'.repeat(1_000_000)}]`;
    assert.equal(
      withinSeconds(30, () => repairPseudoJson(region)),
      region,
    );
  });
});

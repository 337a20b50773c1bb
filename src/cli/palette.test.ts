import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPalette, wantsColor } from './palette.js';

test('wantsColor: NO_COLOR wins, FORCE_COLOR=0/false is off, else only on a terminal', () => {
  const cases: [NodeJS.ProcessEnv, boolean, boolean][] = [
    [{}, true, true],
    [{}, false, false],
    [{ TERM: 'dumb' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    // An empty NO_COLOR does not count (no-color.org).
    [{ NO_COLOR: '' }, true, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ FORCE_COLOR: 'false' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '' }, false, true],
  ];
  for (const [env, isTTY, expected] of cases) {
    assert.equal(wantsColor(env, isTTY), expected, `${JSON.stringify(env)} isTTY=${isTTY}`);
  }
});

test('createPalette: off means no escape codes and no table styles', () => {
  const off = createPalette(false);
  assert.equal(off.colors.bold('x'), 'x');
  assert.deepEqual(off.table, { head: [], border: [] });
  const on = createPalette(true);
  assert.equal(on.colors.bold('x'), '\u001b[1mx\u001b[22m');
  assert.deepEqual(on.table.head, ['cyan']);
});

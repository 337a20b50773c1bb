import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Check } from '../../core/index.js';
import type { CheckContext } from './check-result.js';
import { evaluateCheck } from './evaluate-check.js';
import type { ParsedScene, ParsedSign } from './scene/types.js';

function scene(sign: ParsedSign | null, width = 256, height = 256): ParsedScene {
  return { width, height, background: { color: 'pearl', rgb: [232, 232, 226] }, objects: [], sign };
}

async function check(c: Check, source: ParsedScene, edited: ParsedScene) {
  const scenes = { source, edited };
  const context: CheckContext = {
    facts: undefined as never,
    readText: () => assert.fail('a sign check reads the sign from pixels, not OCR'),
    readRaster: () => assert.fail('a sign check works from the parsed scene'),
    readScene: async (which) => scenes[which],
  };
  return evaluateCheck(c, context);
}

const sign = (text: string, x = 0.5, y = 0.7): ParsedSign => ({ text, x, y, height: 0.12 });

test('sign-text: exact reading passes, another text fails, no sign fails, a "?" asks a VLM', async () => {
  const want = { kind: 'sign-text', text: 'OPEN' } as const;
  const right = await check(want, scene(sign('SHUT')), scene(sign('OPEN')));
  assert.equal(right.score, 1);
  assert.match(right.reason, /reads "OPEN" \(wanted "OPEN"\)/);
  assert.equal((await check(want, scene(null), scene(sign('OPEM')))).score, 0);
  const none = await check(want, scene(sign('SHUT')), scene(null));
  assert.equal(none.score, 0);
  assert.match(none.reason, /no sign found/);
  const unread = await check(want, scene(sign('SHUT')), scene(sign('OP?N')));
  assert.equal(unread.score, null);
  assert.match(unread.reason, /^needs a VLM: .*"OP\?N"/);
});

test('sign-kept: same text and place passes; a new text, a move over 0.05, an added or removed sign fail', async () => {
  const kept = { kind: 'sign-kept' } as const;
  assert.equal((await check(kept, scene(null), scene(null))).score, 1);
  assert.equal((await check(kept, scene(sign('AB12')), scene(sign('AB12', 0.52, 0.71)))).score, 1);
  assert.equal((await check(kept, scene(sign('AB12')), scene(sign('AB13')))).score, 0);
  const moved = await check(kept, scene(sign('AB12')), scene(sign('AB12', 0.5, 0.76)));
  assert.equal(moved.score, 0);
  assert.match(moved.reason, /moved 0\.060 of the side \(allowed <= 0\.050\)/);
  assert.equal((await check(kept, scene(null), scene(sign('NEW')))).score, 0);
  assert.equal((await check(kept, scene(sign('OLD')), scene(null))).score, 0);
});

test('sign-kept: "?" in either reading asks a VLM, unless the sign visibly moved', async () => {
  const kept = { kind: 'sign-kept' } as const;
  const unread = await check(kept, scene(sign('A?12')), scene(sign('AB12')));
  assert.equal(unread.score, null);
  assert.match(unread.reason, /^needs a VLM/);
  assert.equal((await check(kept, scene(sign('A?12')), scene(sign('AB12', 0.2, 0.2)))).score, 0);
});

test('sign-kept: the shift is measured in shares of the shorter side on a non-square frame', async () => {
  // 0.04 of a 400 px width is 16 px, 0.08 of the 200 px side: a move.
  const kept = { kind: 'sign-kept' } as const;
  const result = await check(kept, scene(sign('AB'), 400, 200), scene(sign('AB', 0.54, 0.7), 400, 200));
  assert.equal(result.score, 0);
  assert.match(result.reason, /moved 0\.080 of the side/);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Check } from '../../core/index.js';
import { loadImage } from '../../images/index.js';
import type { CheckContext } from './check-result.js';
import { evaluateCheck } from './evaluate-check.js';
import { createOcrReader, type OcrReader } from './ocr-reader.js';
import { factsFor, signWith } from './test-images.js';

// One reader for the file: the OCR engine loads once per process, and results are cached by image.
const ocr = createOcrReader();

async function check(source: Buffer, edited: Buffer, c: Check, reader: OcrReader = ocr) {
  const images = { source: await loadImage(source), edited: await loadImage(edited) };
  const context: CheckContext = {
    facts: await factsFor(source, edited),
    readText: (which) => reader.read(images[which]),
    readRaster: () => assert.fail('a text check must not decode for scene analysis'),
    readScene: () => assert.fail('a text check must not parse a scene'),
  };
  return evaluateCheck(c, context);
}

test('text-present: OCR finds the new sign text, ignoring case and spacing, and not the old one', async () => {
  const before = await signWith('OPEN 24 HOURS');
  const after = await signWith('CLOSED TODAY');
  const found = await check(before, after, { kind: 'text-present', text: 'Closed today' });
  assert.equal(found.score, 1, found.reason);
  assert.match(
    found.reason,
    /^OCR of the edited image read "CLOSED ?TODAY" \(confidence [01]\.\d\d\); closest match 0 character edit\(s\) from "closedtoday" \(allowed 2\)$/,
  );
  const missing = await check(before, before, { kind: 'text-present', text: 'closed today' });
  assert.equal(missing.score, 0, missing.reason);
  assert.match(missing.reason, /read "OPEN ?24 ?HOURS"/);
});

test('text-absent: passes when the old text is gone, fails when it is still legible', async () => {
  const before = await signWith('OPEN 24 HOURS');
  const gone = await check(before, await signWith(''), { kind: 'text-absent', text: 'open 24 hours' });
  assert.equal(gone.score, 1, gone.reason);
  assert.match(gone.reason, /in the edited image it read no legible text/);
  const kept = await check(before, before, { kind: 'text-absent', text: 'open 24 hours' });
  assert.equal(kept.score, 0, kept.reason);
});

test('text-absent: when OCR cannot read the text in the source either, absence proves nothing', async () => {
  const blank = await signWith('');
  const result = await check(blank, blank, { kind: 'text-absent', text: 'SALE' });
  assert.equal(result.score, null);
  assert.match(
    result.reason,
    /^needs a VLM: OCR cannot read "SALE" in the source either \(it read no legible text\)/,
  );
});

test('text checks answer "needs a VLM" when the OCR engine cannot load', async () => {
  const broken = createOcrReader({
    loadEngine: async () => {
      throw new Error('onnxruntime_binding.node: invalid ELF header');
    },
  });
  const sign = await signWith('OPEN');
  for (const kind of ['text-present', 'text-absent'] as const) {
    const result = await check(sign, sign, { kind, text: 'OPEN' }, broken);
    assert.equal(result.score, null);
    assert.equal(
      result.reason,
      'needs a VLM: OCR unavailable (the OCR engine failed to load: onnxruntime_binding.node: invalid ELF header)',
    );
  }
});

test('a phrase of punctuation alone cannot be matched by OCR and is left to a VLM', async () => {
  const sign = await signWith('!!!');
  const result = await check(sign, sign, { kind: 'text-present', text: '!!!' });
  assert.deepEqual(result, {
    score: null,
    reason: 'needs a VLM: "!!!" has no letters or digits for OCR to match',
  });
});

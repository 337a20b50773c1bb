import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jsonBodyText } from './json-body-text.js';

test('an ASCII body reads back unchanged', () => {
  const text = '{"image":"data:image/png;base64,iVBORw0KGgo=","n":2}';
  assert.equal(jsonBodyText(Buffer.from(text, 'utf8')), text);
});

test('a body with non-ASCII text is read as UTF-8, not byte by byte as Latin-1', () => {
  const text = '{"reason":"le café est déplacé à gauche — 左"}';
  const read = jsonBodyText(Buffer.from(text, 'utf8'));
  assert.equal(read, text);
  assert.deepEqual(JSON.parse(read), { reason: 'le café est déplacé à gauche — 左' });
});

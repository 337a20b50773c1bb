import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBase64 } from './decode-base64.js';

const hex = (text: string) => decodeBase64(text)?.toString('hex');

test('decodes padded, unpadded and URL-safe base64', () => {
  assert.equal(hex('QUJD'), '414243');
  assert.equal(hex('QUJDRA=='), '41424344');
  assert.equal(hex('QUJDRA'), '41424344');
  assert.equal(hex('QUJDREU='), '4142434445');
  assert.equal(hex('-_-_'), 'fbffbf');
  assert.equal(hex('+/+/'), 'fbffbf');
  assert.equal(hex(''), '');
});

test('refuses anything outside the alphabet, wherever it is', () => {
  for (const text of ['QUJD!Q', 'QU!!JD', '!QUJ', 'QUJ\u00e9', 'QUJD\u0000Q', 'QUJD Q', 'QUJD\nQ', 'QUJ"']) {
    assert.equal(decodeBase64(text), undefined, JSON.stringify(text));
  }
});

test('refuses padding anywhere but the end, and more than two', () => {
  for (const text of ['QQ==QUJD', 'QU=D', 'QUJD====', 'QUJDR===', 'QUJDRA=A']) {
    assert.equal(decodeBase64(text), undefined, text);
  }
});

test('refuses a length no bytes can have (4k+1 characters)', () => {
  assert.equal(decodeBase64('QUJDR'), undefined);
  assert.equal(decodeBase64('Q'), undefined);
});

test('a large payload round-trips, and one stray character in it is caught', () => {
  const bytes = Buffer.from(Array.from({ length: 100_003 }, (_, i) => (i * 7919) % 256));
  const text = bytes.toString('base64');
  assert.deepEqual(decodeBase64(text), bytes);
  assert.deepEqual(decodeBase64(bytes.toString('base64url')), bytes);
  const middle = text.length >> 1;
  assert.equal(decodeBase64(`${text.slice(0, middle)}*${text.slice(middle + 1)}`), undefined);
  assert.equal(decodeBase64(`${text.slice(0, middle)}.${text.slice(middle)}`), undefined);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRequestJson } from './parse-request-json.js';

const longUrl = (letter: string) => `data:image/jpeg;base64,${letter.repeat(6000)}`;

test('a body with long data URLs parses to what JSON.parse gives', () => {
  const body = {
    model: 'm',
    n: 2,
    messages: [
      { role: 'system', content: 'judge the edit: "data:" is only text here' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'before — après' },
          { type: 'image_url', image_url: { url: longUrl('A') } },
          { type: 'image_url', image_url: { url: longUrl('B') } },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        ],
      },
    ],
  };
  for (const text of [JSON.stringify(body), JSON.stringify(body, null, 2)]) {
    assert.deepEqual(parseRequestJson(Buffer.from(text, 'utf8')), body);
  }
});

test('a data URL with escapes in it is parsed as JSON, not copied as its raw text', () => {
  const url = `data:text/plain,${'x'.repeat(5000)}\\"quoted\\" and \\u00e9`;
  const text = `{"url":"${url}"}`;
  assert.deepEqual(parseRequestJson(Buffer.from(text, 'latin1')), JSON.parse(text));
  assert.match((parseRequestJson(Buffer.from(text, 'latin1')) as { url: string }).url, /"quoted" and é$/);
});

test('an invalid body throws a SyntaxError, with long data URLs in it or not', () => {
  assert.throws(() => parseRequestJson(Buffer.from(`{"url":"${longUrl('A')}",}`)), SyntaxError);
  assert.throws(() => parseRequestJson(Buffer.from(`{"url":"${longUrl('A')}"`)), SyntaxError);
  assert.throws(() => parseRequestJson(Buffer.from('not json')), SyntaxError);
  assert.throws(() => parseRequestJson(Buffer.from(`{"url":"${longUrl('A')}\n"}`)), SyntaxError);
});

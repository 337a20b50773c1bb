import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  parseJsonBody,
  restoreDataUrls,
  restoreDataUrlSpans,
  spliceDataUrlBytes,
  spliceDataUrls,
} from './data-url-splice.js';

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
    assert.deepEqual(parseJsonBody(Buffer.from(text, 'utf8')), body);
  }
});

test('a data URL with escapes in it is parsed as JSON, not copied as its raw text', () => {
  const url = `data:text/plain,${'x'.repeat(5000)}\\"quoted\\" and \\u00e9`;
  const text = `{"url":"${url}"}`;
  assert.deepEqual(parseJsonBody(Buffer.from(text, 'latin1')), JSON.parse(text));
  assert.match((parseJsonBody(Buffer.from(text, 'latin1')) as { url: string }).url, /"quoted" and é$/);
});

test('an invalid body throws a SyntaxError, with long data URLs in it or not', () => {
  assert.throws(() => parseJsonBody(Buffer.from(`{"url":"${longUrl('A')}",}`)), SyntaxError);
  assert.throws(() => parseJsonBody(Buffer.from(`{"url":"${longUrl('A')}"`)), SyntaxError);
  assert.throws(() => parseJsonBody(Buffer.from('not json')), SyntaxError);
  assert.throws(() => parseJsonBody(Buffer.from(`{"url":"${longUrl('A')}\n"}`)), SyntaxError);
});

test('a body with a __proto__ key keeps its prototype while its data URLs are put back', () => {
  const text = `{"__proto__":{"polluted":true},"image":"${longUrl('C')}"}`;
  const parsed = parseJsonBody(Buffer.from(text)) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  assert.equal(parsed.image, longUrl('C'));
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('spliceDataUrls leaves a body without long data URLs as its text, and cuts out the long ones', () => {
  const short = '{"url":"data:image/png;base64,iVBORw0KGgo="}';
  assert.deepEqual(spliceDataUrls(Buffer.from(short)), { text: short, urls: [] });
  const spliced = spliceDataUrls(Buffer.from(`{"a":"${longUrl('A')}","b":["${longUrl('B')}"]}`));
  assert.deepEqual(spliced.urls, [longUrl('A'), longUrl('B')]);
  assert.ok(spliced.text.length < 200, spliced.text);
  assert.deepEqual(restoreDataUrls(JSON.parse(spliced.text), spliced.urls), {
    a: longUrl('A'),
    b: [longUrl('B')],
  });
});

test('long data URLs holding non-ASCII, a DEL or a tab parse as JSON.parse parses them', () => {
  const filler = 'x'.repeat(5000);
  for (const url of [`data:text/plain,${filler}é`, `data:text/plain,${filler}\x7f`]) {
    const text = JSON.stringify({ url });
    assert.deepEqual(parseJsonBody(Buffer.from(text, 'utf8')), { url }, JSON.stringify(url.slice(-3)));
  }
  assert.throws(() => parseJsonBody(Buffer.from(`{"url":"data:text/plain,${filler}\t"}`)), SyntaxError);
});

test('spliceDataUrlBytes keeps long data URLs as views of the body, put back as strings except where bytes are kept', () => {
  const body = Buffer.from(
    JSON.stringify({ id: longUrl('I'), items: [{ source: longUrl('S'), edited: [longUrl('E'), 'short'] }] }),
  );
  const { text, urls } = spliceDataUrlBytes(body);
  assert.ok(text.length < 400, text);
  assert.deepEqual(
    urls.map((url) => url.toString('latin1')),
    [longUrl('I'), longUrl('S'), longUrl('E')],
  );
  // Views of the body, not copies.
  assert.equal(urls[1]!.buffer, body.buffer);
  const value = JSON.parse(text) as { id: string; items: { source: string; edited: string[] }[] };
  const kept = restoreDataUrlSpans(value, urls, (path) => path[0] === 'items' && path[2] === 'source');
  assert.equal(value.id, longUrl('I'));
  assert.deepEqual(value.items[0]!.edited, [longUrl('E'), 'short']);
  const ref = value.items[0]!.source;
  assert.notEqual(ref, longUrl('S'));
  assert.deepEqual([...kept.keys()], [ref]);
  assert.equal(kept.get(ref)!.toString('latin1'), longUrl('S'));
});

test('spliceDataUrlBytes leaves URLs with escapes or non-ASCII in the text, and a raw control character is a SyntaxError', () => {
  const filler = 'x'.repeat(5000);
  const escaped = `{"a":"data:image/png;base64,${filler}\\/x","b":"data:text/plain,${filler}é"}`;
  const spliced = spliceDataUrlBytes(Buffer.from(escaped, 'utf8'));
  assert.deepEqual(spliced.urls, []);
  assert.deepEqual(JSON.parse(spliced.text), JSON.parse(escaped));
  const raw = spliceDataUrlBytes(Buffer.from(`{"a":"data:image/png;base64,${filler}\nx"}`));
  assert.equal(raw.urls.length, 1);
  assert.throws(() => restoreDataUrlSpans(JSON.parse(raw.text), raw.urls, () => false), SyntaxError);
  // Where bytes are kept, the reader refuses it (base64 has no control characters).
  assert.equal(restoreDataUrlSpans(JSON.parse(raw.text), raw.urls, () => true).size, 1);
});

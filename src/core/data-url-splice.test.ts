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
  assert.deepEqual(spliceDataUrls(Buffer.from(short)), { text: short, urls: [], marker: '' });
  const spliced = spliceDataUrls(Buffer.from(`{"a":"${longUrl('A')}","b":["${longUrl('B')}"]}`));
  assert.deepEqual(spliced.urls, [longUrl('A'), longUrl('B')]);
  assert.ok(spliced.text.length < 200, spliced.text);
  assert.deepEqual(restoreDataUrls(JSON.parse(spliced.text), spliced), {
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
  const spliced = spliceDataUrlBytes(body);
  const { text, urls } = spliced;
  assert.ok(text.length < 400, text);
  assert.deepEqual(
    urls.map((url) => url.toString('latin1')),
    [longUrl('I'), longUrl('S'), longUrl('E')],
  );
  // Views of the body, not copies.
  assert.equal(urls[1]!.buffer, body.buffer);
  const value = JSON.parse(text) as { id: string; items: { source: string; edited: string[] }[] };
  const kept = restoreDataUrlSpans(value, spliced, (path) => path[0] === 'items' && path[2] === 'source');
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
  assert.throws(() => restoreDataUrlSpans(JSON.parse(raw.text), raw, () => false), SyntaxError);
  // Where bytes are kept, the reader refuses it (base64 has no control characters).
  assert.equal(restoreDataUrlSpans(JSON.parse(raw.text), raw, () => true).size, 1);
});

test('a long data URL used as a key stays in the text, so the body parses to what JSON.parse gives', () => {
  for (const text of [
    `{"items":[1],"${longUrl('K')}":1,"b":"${longUrl('B')}"}`,
    `{"${longUrl('K')}" :\n"${longUrl('V')}"}`,
    `[{"a":1,\n"${longUrl('K')}"\t: {"${longUrl('L')}":[]}}]`,
  ]) {
    assert.deepEqual(parseJsonBody(Buffer.from(text)), JSON.parse(text));
    const { text: spliced } = spliceDataUrlBytes(Buffer.from(text));
    assert.ok(spliced.includes(`"${longUrl('K')}"`), 'the key is in the text as it was sent');
  }
});

test('markers are random per body, and a string that looks like one but names no URL of the body is left as it is', () => {
  const body = `{"url":"${longUrl('A')}"}`;
  const first = JSON.parse(spliceDataUrls(Buffer.from(body)).text) as { url: string };
  const second = JSON.parse(spliceDataUrls(Buffer.from(body)).text) as { url: string };
  assert.notEqual(first.url, second.url);
  // A marker an earlier body had (an answer may show one) means nothing in the next body.
  const seen = first.url.slice(0, -1);
  const forged = `{"id":"${seen}0","other":"${seen}7","url":"${longUrl('A')}"}`;
  assert.deepEqual(parseJsonBody(Buffer.from(forged)), JSON.parse(forged));
  const spans = spliceDataUrlBytes(Buffer.from(forged));
  const value = JSON.parse(spans.text) as Record<string, string>;
  assert.equal(restoreDataUrlSpans(value, spans, () => false).size, 0);
  assert.deepEqual(value, JSON.parse(forged));

  // Nor does the body's own marker with an index the body did not produce.
  const own = spliceDataUrlBytes(Buffer.from(body));
  const parsed = JSON.parse(own.text) as Record<string, string>;
  const marker = parsed.url!.slice(0, -1);
  const strays = [`${marker}1`, `${marker}7`, `${marker}00`, `${marker}-0`, `${marker}0.0`, `${marker}`];
  strays.forEach((stray, i) => (parsed[`stray${i}`] = stray));
  assert.doesNotThrow(() => restoreDataUrlSpans(parsed, own, () => false));
  assert.equal(parsed.url, longUrl('A'));
  assert.deepEqual(
    strays.map((_, i) => parsed[`stray${i}`]),
    strays,
  );
});

test('a raw control character in the header of a long data URL is a SyntaxError, as in a short one', () => {
  const filler = 'A'.repeat(6000);
  for (const url of [`data:\x01image/png;base64,${filler}`, `data:image/png;\nbase64,${filler}`]) {
    const text = `{"a":"${url}"}`;
    assert.throws(() => JSON.parse(text), SyntaxError);
    assert.throws(() => JSON.parse(`{"a":"${url.slice(0, 40)}"}`), SyntaxError);
    assert.throws(() => parseJsonBody(Buffer.from(text)), SyntaxError);
    const raw = spliceDataUrlBytes(Buffer.from(text));
    assert.throws(() => restoreDataUrlSpans(JSON.parse(raw.text), raw, () => false), SyntaxError);
    // Where bytes are kept too: the header is short, so it is checked here, not left to the reader.
    assert.throws(() => restoreDataUrlSpans(JSON.parse(raw.text), raw, () => true), {
      name: 'SyntaxError',
      message: /the string at a holds a raw control character.*escape it/,
    });
  }
});

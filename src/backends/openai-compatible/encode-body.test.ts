import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { encodeRequestBody } from './encode-body.js';

const longUrl = (seed: string) => `data:image/jpeg;base64,${Buffer.alloc(9000, seed).toString('base64')}`;

function body(urls: string[], text: string): ChatCompletionCreateParamsNonStreaming {
  return {
    model: 'm',
    temperature: 0.7,
    messages: [
      { role: 'system', content: 'Judge the edit — strictly.' },
      {
        role: 'user',
        content: [
          ...urls.map((url) => ({ type: 'image_url' as const, image_url: { url } })),
          { type: 'text' as const, text },
        ],
      },
    ],
  };
}

const asText = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('encodeRequestBody', () => {
  it('gives the bytes of JSON.stringify, with long and short image URLs, non-ASCII text and quotes', () => {
    const cases = [
      body([longUrl('a'), longUrl('b')], 'Make the "cup" blue — ünïcödé ✓'),
      body([longUrl('a'), longUrl('a')], 'the same image twice'),
      body(['https://example.com/a.png', longUrl('c')], 'a short URL is left in place'),
      body([], 'no image at all'),
    ];
    for (const c of cases) assert.equal(asText(encodeRequestBody(c)), JSON.stringify(c));
  });

  it('escapes long URLs that are not plain ASCII as JSON.stringify does', () => {
    const padding = 'A'.repeat(5000);
    const odd = [
      `data:image/png;base64,${padding}"quote`,
      `data:image/png;base64,${padding}\\back`,
      `data:image/png;base64,${padding}\nnewline`,
      `data:image/png;base64,${padding}ü`,
      `data:image/png;base64,${padding}\u0141ending`,
      `data:image/png;base64,${padding}✓${'B'.repeat(10)}`,
    ];
    for (const url of odd) {
      const c = body([url], 'x');
      assert.equal(asText(encodeRequestBody(c)), JSON.stringify(c));
    }
  });

  it('is not fooled by prompt text that looks like its placeholder', () => {
    const c = body([longUrl('d')], 'edit-r1-image-0 "edit-r1-image-0"');
    assert.equal(asText(encodeRequestBody(c)), JSON.stringify(c));
  });

  it('gives the same bytes when an image URL comes again (from the cache)', () => {
    const c = body([longUrl('e')], 'first');
    const first = asText(encodeRequestBody(c));
    assert.equal(asText(encodeRequestBody(c)), first);
    assert.deepEqual(JSON.parse(first), JSON.parse(JSON.stringify(c)));
  });
});

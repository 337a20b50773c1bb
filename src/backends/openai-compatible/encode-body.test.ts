import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { imagePart } from '../../core/index.js';
import { DataUrl } from '../../images/data-url.js';
import { encodeRequestBody, imageUrlWithJson } from './encode-body.js';
import { toOpenAIMessages } from './to-openai-request.js';

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

const asText = (pieces: Uint8Array[]) => Buffer.concat(pieces).toString('utf8');

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

  it('copies an image that brings its JSON bytes without reading its URL', () => {
    const image = new DataUrl('image/png', Buffer.alloc(7000, 'z'));
    let reads = 0;
    const counted = {
      get url() {
        reads++;
        return image.url;
      },
      urlJson: image.urlJson,
    };
    const messages = toOpenAIMessages([
      {
        role: 'user',
        content: [imagePart(counted), { type: 'text', text: 'x' }],
      },
    ]);
    const bytes = encodeRequestBody({ model: 'm', messages });
    assert.equal(reads, 0);
    const expected: ChatCompletionCreateParamsNonStreaming = {
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: image.url } },
            { type: 'text', text: 'x' },
          ],
        },
      ],
    };
    assert.equal(asText(bytes), JSON.stringify(expected));
  });

  it('uses the bytes an image brought, not its URL, so wrong bytes would show', () => {
    const imageUrl = imageUrlWithJson({ url: longUrl('f') }, Buffer.from('"data:image/png;base64,AAAA"'));
    const c: ChatCompletionCreateParamsNonStreaming = {
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: imageUrl }] }],
    };
    assert.equal(
      JSON.parse(asText(encodeRequestBody(c))).messages[0].content[0].image_url.url,
      'data:image/png;base64,AAAA',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BackendError,
  ParseError,
  UsageError,
  type ChatBackend,
  type ChatRequest,
  type ContentPart,
  type ImageInput,
} from '../core/index.js';
import type { LoadedImage } from '../images/index.js';
import { DecompositionParseError } from './decomposition-error.js';
import { EXEMPLARS } from './exemplars.js';
import { createVlmDecomposer, type VlmDecomposerOptions } from './vlm-decomposer.js';

/** A backend that records every request and answers with the given texts in turn. */
function replaying(texts: string[]) {
  const requests: ChatRequest[] = [];
  const backend: ChatBackend = {
    id: 'replay',
    model: 'test-vlm',
    async complete(request) {
      requests.push(structuredClone(request));
      const text = texts.shift();
      if (text === undefined) throw new Error('the test gave no more replies');
      return { choices: [{ text, finishReason: 'stop' }], model: 'test-vlm', latencyMs: 1 };
    },
  };
  return { backend, requests };
}

const fakeImage = (origin: string): LoadedImage => ({
  hash: `hash-of-${origin}`,
  bytes: Buffer.from(origin),
  format: 'png',
  width: 4,
  height: 3,
  vlmReady: true,
  origin,
});
const loader = async (input: ImageInput) => fakeImage(typeof input === 'string' ? input : 'buffer');
const encoder = { encode: async (image: LoadedImage) => ({ url: `data:image/png;base64,${image.hash}` }) };

function decomposer(texts: string[], extra: Partial<VlmDecomposerOptions> = {}) {
  const { backend, requests } = replaying(texts);
  return { decomposer: createVlmDecomposer({ backend, loader, encoder, ...extra }), requests };
}

const input = { source: 'desk.png', instruction: 'Move the cup to the left of the laptop' };
const good = EXEMPLARS[0]!.principles;
const goodText = JSON.stringify(good);
const textOf = (content: string | ContentPart[]) =>
  typeof content === 'string'
    ? content
    : content.map((p) => (p.type === 'text' ? p.text : `<image ${p.url}>`)).join(' ');
/** The exemplar instructions a request showed, in order. */
const shownExemplars = (request: ChatRequest) =>
  request.messages
    .filter((m) => m.role === 'user' && typeof m.content === 'string')
    .map((m) => /Instruction: (.*)$/m.exec(m.content as string)![1]);

describe('createVlmDecomposer', () => {
  it('sends system prompt, k exemplars and the image with the instruction, and reads a good reply', async () => {
    const { decomposer: d, requests } = decomposer([goodText], { k: 3, seed: 5 });
    assert.equal(d.id, 'vlm:test-vlm');
    assert.deepEqual(await d.decompose(input), good);
    assert.equal(requests.length, 1);
    const { messages } = requests[0]!;
    assert.equal(messages[0]!.role, 'system');
    assert.match(textOf(messages[0]!.content), /exactly 10 yes\/no questions/);
    assert.equal(messages.length, 1 + 2 * 3 + 1);
    assert.deepEqual(
      messages.slice(1, -1).map((m) => m.role),
      ['user', 'assistant', 'user', 'assistant', 'user', 'assistant'],
    );
    const last = messages.at(-1)!;
    assert.equal(last.role, 'user');
    assert.deepEqual(last.content, [
      { type: 'text', text: 'Source image:' },
      { type: 'image', url: 'data:image/png;base64,hash-of-desk.png' },
      { type: 'text', text: 'Instruction: Move the cup to the left of the laptop' },
    ]);
  });

  it("reads a fenced reply with the paper's category names", async () => {
    const paper = good.map((p) => ({
      question: p.question,
      category: {
        'instruction-following': 'Instruction Following',
        'feature-preservation': 'Feature Preservation',
        'image-quality': 'Image Quality',
      }[p.category],
    }));
    const { decomposer: d } = decomposer([`\`\`\`json\n${JSON.stringify(paper)}\n\`\`\``]);
    assert.deepEqual(await d.decompose(input), good);
  });

  it('retries once with the bad reply and a precise correction, then succeeds', async () => {
    const twelve = JSON.stringify([
      ...good,
      { question: 'Is the cup shiny?', category: 'instruction-following' },
      { question: 'Is the handle intact?', category: 'instruction-following' },
    ]);
    const { decomposer: d, requests } = decomposer([twelve, goodText]);
    assert.deepEqual(await d.decompose(input), good);
    assert.equal(requests.length, 2);
    const [first, second] = requests as [ChatRequest, ChatRequest];
    assert.deepEqual(second.messages.slice(0, first.messages.length), first.messages);
    const [bad, correction] = second.messages.slice(first.messages.length);
    assert.deepEqual(bad, { role: 'assistant', content: twelve });
    assert.equal(correction!.role, 'user');
    assert.match(
      textOf(correction!.content),
      /you gave 12 principles \(6 instruction-following, 3 feature-preservation, 3 image-quality\); give exactly 10 with 3-4 instruction-following/,
    );
  });

  it('throws a ParseError keeping both raw replies when the retry is bad too', async () => {
    const { decomposer: d, requests } = decomposer([
      'no idea, sorry',
      '[{"question": "Is it done?", "category": "follow"}]',
    ]);
    const error = await d.decompose(input).then(
      () => assert.fail('expected a ParseError'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof DecompositionParseError && error instanceof ParseError);
    assert.deepEqual(error.replies, [
      'no idea, sorry',
      '[{"question": "Is it done?", "category": "follow"}]',
    ]);
    assert.match(error.raw, /no idea, sorry[\s\S]*Is it done\?/);
    assert.match(error.message, /contains no complete JSON array/);
    assert.match(error.message, /you gave 1 principles/);
    assert.match(error.message, /rule decomposer/);
    assert.equal(requests.length, 2);
  });

  it('corrects a prose-only reply', async () => {
    const { decomposer: d, requests } = decomposer([
      'The cup should move left; check the laptop stays.',
      goodText,
    ]);
    assert.deepEqual(await d.decompose(input), good);
    assert.match(textOf(requests[1]!.messages.at(-1)!.content), /your reply contains no complete JSON array/);
  });

  it('chooses the same exemplars and sends the same request for the same seed, others for another seed', async () => {
    const runs = [];
    for (const seed of [7, 7, 8]) {
      const { decomposer: d, requests } = decomposer([goodText]);
      await d.decompose(input, { seed });
      runs.push(requests[0]!);
    }
    const [a, b, c] = runs as [ChatRequest, ChatRequest, ChatRequest];
    assert.deepEqual(a, b);
    assert.equal(a.seed, 7);
    assert.equal(shownExemplars(a).length, 4);
    assert.notDeepEqual(shownExemplars(a), shownExemplars(c));
  });

  it('draws fresh exemplars per call from the decomposer seed, reproducibly', async () => {
    const picks = async () => {
      const { decomposer: d, requests } = decomposer([goodText, goodText], { seed: 3 });
      await d.decompose(input);
      await d.decompose(input);
      return requests.map(shownExemplars);
    };
    const [first, second] = [await picks(), await picks()];
    assert.deepEqual(first, second);
    assert.notDeepEqual(first[0], first[1]);
  });

  it('respects k, including 0 and more than the pool holds', async () => {
    for (const [k, expected] of [
      [0, 0],
      [2, 2],
      [EXEMPLARS.length + 5, EXEMPLARS.length],
    ] as const) {
      const { decomposer: d, requests } = decomposer([goodText], { k });
      await d.decompose(input);
      assert.equal(shownExemplars(requests[0]!).length, expected, `k=${k}`);
      assert.equal(new Set(shownExemplars(requests[0]!)).size, expected);
    }
    assert.throws(() => decomposer([], { k: 1.5 }), UsageError);
  });

  it('refuses a pool exemplar that breaks the distribution', () => {
    const broken = { ...EXEMPLARS[0]!, principles: EXEMPLARS[0]!.principles.slice(0, 8) };
    assert.throws(
      () => decomposer([], { pool: [broken] }),
      /exemplar 1 .* breaks the decomposition rule: you gave 8/,
    );
  });

  it('lets a backend error through unchanged and makes no retry', async () => {
    const failure = new BackendError('HTTP 503 from server', {
      backend: 'replay',
      status: 503,
      retryable: true,
    });
    let calls = 0;
    const backend: ChatBackend = {
      id: 'replay',
      model: 'm',
      async complete() {
        calls++;
        throw failure;
      },
    };
    const d = createVlmDecomposer({ backend, loader, encoder });
    await assert.rejects(d.decompose(input), (e) => e === failure);
    assert.equal(calls, 1);
  });

  it('passes temperature and the abort signal to the backend, and refuses an empty instruction', async () => {
    let seenSignal: AbortSignal | undefined;
    const { backend, requests } = replaying([goodText]);
    const spy: ChatBackend = {
      ...backend,
      complete: (req, signal) => ((seenSignal = signal), backend.complete(req, signal)),
    };
    const controller = new AbortController();
    const d = createVlmDecomposer({ backend: spy, loader, encoder, temperature: 0.7 });
    await d.decompose(input, { signal: controller.signal });
    assert.equal(requests[0]!.temperature, 0.7);
    assert.equal(seenSignal, controller.signal);
    await assert.rejects(d.decompose({ source: 'x.png', instruction: '  ' }), UsageError);
  });
});

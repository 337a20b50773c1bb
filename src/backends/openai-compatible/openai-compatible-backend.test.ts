import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { BackendError, ConfigError, imagePart, type ChatRequest } from '../../core/index.js';
import { DataUrl } from '../../images/data-url.js';
import { startStandIn, type StandIn, type StandInOptions } from '../../testing/index.js';
import { createOpenAICompatibleBackend, type OpenAICompatibleOptions } from './index.js';

const ask: ChatRequest = { messages: [{ role: 'user', content: 'Score this edit.' }] };

async function standIn(t: TestContext, options: StandInOptions) {
  const server = await startStandIn(options);
  t.after(() => server.close());
  return server;
}

/** A backend whose retry waits are recorded, not slept, and whose jitter is fixed at one half. */
function backend(baseURL: string, extra: Partial<OpenAICompatibleOptions> = {}) {
  const waits: number[] = [];
  const chat = createOpenAICompatibleBackend({
    baseURL,
    model: 'judge-vl',
    sleep: async (ms) => void waits.push(ms),
    random: () => 0.5,
    ...extra,
  });
  return { chat, waits };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail('expected the call to fail'),
    (error: unknown) => error,
  );
}

test('a well-formed reply: text, finish reason, model, usage, id, and the injected fetch is used', async (t) => {
  const server = await standIn(t, {
    respond: [{ reply: 'Score: 7', usage: { prompt_tokens: 12, completion_tokens: 3 } }],
  });
  let fetches = 0;
  const { chat } = backend(server.baseURL + '/', {
    fetch: (input, init) => {
      fetches++;
      return fetch(input, init);
    },
  });
  const result = await chat.complete({ ...ask, temperature: 0.7, maxTokens: 64 });
  assert.deepEqual(result.choices, [{ text: 'Score: 7', finishReason: 'stop' }]);
  assert.equal(result.model, 'judge-vl');
  assert.deepEqual(result.usage, { promptTokens: 12, completionTokens: 3 });
  assert.ok(result.latencyMs >= 0);
  assert.equal(chat.id, `openai-compatible:${server.baseURL}#judge-vl`);
  assert.equal(fetches, 1);
});

test('a minimal reply (no index, logprobs, usage or model) is read', async (t) => {
  // Only choices and each one's message are required; a server may leave out the rest.
  const server = await standIn(t, {
    respond: () => ({
      raw: '{"choices":[{"message":{"role":"assistant","content":"Score: 6"},"finish_reason":"stop"}]}',
    }),
  });
  const { chat } = backend(server.baseURL);
  const result = await chat.complete(ask);
  assert.deepEqual(result.choices, [{ text: 'Score: 6', finishReason: 'stop' }]);
  assert.equal(result.model, 'judge-vl');
  assert.equal(result.usage, undefined);
  assert.equal(server.requests.length, 1);
});

test('a reply with its optional fields null (model, index, finish_reason, logprobs, usage) is read', async (t) => {
  const choice = { index: null, message: { content: 'Score: 5' }, finish_reason: null, logprobs: null };
  const server = await standIn(t, {
    respond: () => ({ raw: JSON.stringify({ model: null, choices: [choice], usage: null }) }),
  });
  const { chat } = backend(server.baseURL);
  const result = await chat.complete(ask);
  assert.deepEqual(result.choices, [{ text: 'Score: 5', finishReason: undefined }]);
  assert.equal(result.model, 'judge-vl');
  assert.equal(result.usage, undefined);
});

test('a refusal without content is read as the reply text', async (t) => {
  const refusal = "I'm sorry, I can't help with judging these images.";
  const server = await standIn(t, {
    respond: () => ({
      raw: JSON.stringify({
        choices: [{ message: { role: 'assistant', content: null, refusal }, finish_reason: 'stop' }],
      }),
    }),
  });
  const { chat } = backend(server.baseURL);
  assert.deepEqual((await chat.complete(ask)).choices, [{ text: refusal, finishReason: 'stop' }]);
});

test("content as a list of chunks (Mistral's reasoning models): the text chunks are the answer, the thinking its reasoning", async (t) => {
  const content = [
    {
      type: 'thinking',
      thinking: [
        { type: 'text', text: 'The cup is red; ' },
        { type: 'text', text: 'score 7.' },
      ],
    },
    { type: 'reference', reference_ids: [1] },
    { type: 'text', text: 'Final score: ' },
    { type: 'text', text: '7' },
  ];
  const server = await standIn(t, {
    respond: () => ({
      raw: JSON.stringify({ choices: [{ message: { role: 'assistant', content }, finish_reason: 'stop' }] }),
    }),
  });
  const { chat } = backend(server.baseURL);
  assert.deepEqual((await chat.complete(ask)).choices, [
    { text: 'Final score: 7', finishReason: 'stop', reasoning: 'The cup is red; score 7.' },
  ]);
});

test('n honoured by the server: one request carries all samples', async (t) => {
  const server = await standIn(t, { respond: [{ reply: ['a', 'b', 'c'] }] });
  const { chat } = backend(server.baseURL);
  const result = await chat.complete({ ...ask, n: 3, seed: 5 });
  assert.deepEqual(
    result.choices.map((c) => c.text),
    ['a', 'b', 'c'],
  );
  assert.equal(server.requests.length, 1);
  assert.equal(server.requests[0]!.n, 3);
  assert.equal(server.requests[0]!.seed, 5);
});

test("n ignored: the missing samples come as separate seeded requests, and 'auto' remembers", async (t) => {
  const server = await standIn(t, { respond: ({ body }) => ({ reply: `seed ${body.seed}`, n: 'ignore' }) });
  const { chat } = backend(server.baseURL);
  const first = await chat.complete({ ...ask, n: 3, seed: 10 });
  assert.deepEqual(
    first.choices.map((c) => c.text),
    ['seed 10', 'seed 11', 'seed 12'],
  );
  const second = await chat.complete({ ...ask, n: 2, seed: 20 });
  assert.deepEqual(
    second.choices.map((c) => c.text),
    ['seed 20', 'seed 21'],
  );
  // 1 native + 2 top-ups, then 2 separate requests: the second call no longer asks for n.
  assert.deepEqual(
    server.requests.map((r) => [r.n, r.seed]),
    [
      [3, 10],
      [undefined, 11],
      [undefined, 12],
      [undefined, 20],
      [undefined, 21],
    ],
  );
});

test("'native' keeps asking for n even after a short answer; 'separate' never asks", async (t) => {
  const server = await standIn(t, { respond: () => ({ reply: 'x', n: 'ignore' }) });
  const native = backend(server.baseURL, { nStrategy: 'native' }).chat;
  await native.complete({ ...ask, n: 2 });
  await native.complete({ ...ask, n: 2 });
  assert.deepEqual(
    server.requests.map((r) => r.n),
    [2, undefined, 2, undefined],
  );
  const separate = backend(server.baseURL, { nStrategy: 'separate' }).chat;
  const result = await separate.complete({ ...ask, n: 2 });
  assert.equal(result.choices.length, 2);
  assert.deepEqual(
    server.requests.slice(4).map((r) => r.n),
    [undefined, undefined],
  );
});

test('429 with retry-after: the wait is what the server asked, then success', async (t) => {
  const server = await standIn(t, {
    respond: [{ error: 429, headers: { 'retry-after': '3' } }, { reply: 'ok' }],
  });
  const { chat, waits } = backend(server.baseURL);
  const result = await chat.complete(ask);
  assert.equal(result.choices[0]!.text, 'ok');
  assert.deepEqual(waits, [3000]);
  assert.equal(server.requests.length, 2);
});

test('500 then success: one jittered backoff wait (half of the 500 ms base)', async (t) => {
  const server = await standIn(t, { respond: [{ error: 500 }, 'ok'] });
  const { chat, waits } = backend(server.baseURL);
  assert.equal((await chat.complete(ask)).choices[0]!.text, 'ok');
  assert.deepEqual(waits, [250]);
});

test('503 on every attempt: a retryable BackendError with status 503 after maxRetries + 1 requests', async (t) => {
  const server = await standIn(t, { respond: () => ({ error: 503 }) });
  const { chat, waits } = backend(server.baseURL, { maxRetries: 2 });
  const error = await rejection(chat.complete(ask));
  assert.ok(error instanceof BackendError);
  assert.equal(error.status, 503);
  assert.equal(error.retryable, true);
  assert.equal(error.backend, chat.id);
  assert.match(error.message, /3 attempts/);
  assert.equal(server.requests.length, 3);
  assert.deepEqual(waits, [250, 500]);
});

test('400 fails at once, not retryable; 401 says to check the API key', async (t) => {
  const server = await standIn(t, { respond: [{ error: 400 }, { error: 401 }] });
  const { chat, waits } = backend(server.baseURL);
  const bad = await rejection(chat.complete(ask));
  assert.ok(bad instanceof BackendError);
  assert.equal(bad.status, 400);
  assert.equal(bad.retryable, false);
  assert.equal(server.requests.length, 1);
  const denied = await rejection(chat.complete(ask));
  assert.ok(denied instanceof BackendError);
  assert.match(denied.message, /API key \(--api-key-env/);
  assert.equal(server.requests.length, 2);
  assert.deepEqual(waits, []);
});

test('a server that wants max_completion_tokens (OpenAI reasoning models) gets it, from then on', async (t) => {
  // OpenAI's answer to max_tokens for its o-series and GPT-5 models.
  const unsupported = {
    error: 400,
    body: {
      error: {
        message:
          "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
        type: 'invalid_request_error',
        param: 'max_tokens',
        code: 'unsupported_parameter',
      },
    },
  };
  const server = await standIn(t, {
    recordBodies: true,
    respond: ({ body }) => ('max_tokens' in body ? unsupported : { reply: 'ok' }),
  });
  const { chat } = backend(server.baseURL);
  assert.equal((await chat.complete({ ...ask, maxTokens: 300 })).choices[0]!.text, 'ok');
  assert.equal((await chat.complete({ ...ask, maxTokens: 400 })).choices[0]!.text, 'ok');
  const limits = server.requests.map(({ body }) => [body!.max_tokens, body!.max_completion_tokens]);
  // One refused request, then the other name, remembered for the next call.
  assert.deepEqual(limits, [
    [300, undefined],
    [undefined, 300],
    [undefined, 400],
  ]);
});

test('a 400 about another parameter, or one still refused under the other name, fails as before', async (t) => {
  const refusing = (param: string) => ({
    error: 400,
    body: { error: { message: `Unsupported parameter: '${param}'.`, param, code: 'unsupported_parameter' } },
  });
  const server = await standIn(t, {
    recordBodies: true,
    respond: ({ body }) =>
      'max_tokens' in body ? refusing('max_tokens') : refusing('max_completion_tokens'),
  });
  const { chat } = backend(server.baseURL);
  const error = await rejection(chat.complete({ ...ask, maxTokens: 300 }));
  assert.ok(error instanceof BackendError);
  assert.equal(error.status, 400);
  assert.match(error.message, /max_completion_tokens/);
  assert.equal(server.requests.length, 2);

  const other = await standIn(t, { respond: () => refusing('logprobs') });
  const { chat: plain } = backend(other.baseURL);
  assert.equal(((await rejection(plain.complete({ ...ask, maxTokens: 300 }))) as BackendError).status, 400);
  assert.equal(other.requests.length, 1);
});

test('a hanging server: each attempt times out, then a retryable BackendError saying what to do', async (t) => {
  const server = await standIn(t, { respond: () => ({ hang: true }) });
  const { chat, waits } = backend(server.baseURL, { timeoutMs: 150, maxRetries: 1 });
  const error = await rejection(chat.complete(ask));
  assert.ok(error instanceof BackendError);
  assert.equal(error.status, undefined);
  assert.equal(error.retryable, true);
  assert.match(error.message, /timed out after 2 attempts.*raise --timeout/);
  assert.equal(server.requests.length, 2);
  assert.equal(waits.length, 1);
});

test('connection refused: a BackendError asking whether the server is running', async () => {
  const server = await startStandIn({ respond: [] });
  await server.close();
  const { chat, waits } = backend(server.baseURL, { maxRetries: 1 });
  const error = await rejection(chat.complete(ask));
  assert.ok(error instanceof BackendError);
  assert.equal(error.retryable, true);
  assert.equal(error.status, undefined);
  assert.ok(error.message.includes(`is the server running at ${server.baseURL}?`), error.message);
  assert.match(error.message, /ECONNREFUSED/);
  assert.equal(waits.length, 1);
});

test('a dropped connection is retried', async (t) => {
  const server = await standIn(t, { respond: [{ destroy: true }, 'after the drop'] });
  const { chat } = backend(server.baseURL);
  assert.equal((await chat.complete(ask)).choices[0]!.text, 'after the drop');
  assert.equal(server.requests.length, 2);
});

test('invalid JSON is retried once, then fails as not retryable', async (t) => {
  const server = await standIn(t, { respond: () => ({ raw: '{"choices": [' }) });
  const { chat } = backend(server.baseURL);
  const error = await rejection(chat.complete(ask));
  assert.ok(error instanceof BackendError);
  assert.equal(error.retryable, false);
  assert.match(error.message, /malformed response \(a body that is not valid JSON.*after 2 attempts/);
  assert.equal(server.requests.length, 2);
});

test('a non-JSON body, or a reply with no choices, is malformed; one good retry recovers', async (t) => {
  const server = await standIn(t, {
    respond: [
      { raw: '<html>gateway</html>', contentType: 'text/html' },
      { reply: [] },
      { reply: [] },
      { raw: 'oops', contentType: 'text/plain' },
      'recovered',
    ],
  });
  const { chat } = backend(server.baseURL);
  const first = await rejection(chat.complete(ask));
  assert.ok(first instanceof BackendError);
  assert.match(first.message, /no choices/);
  assert.equal(server.requests.length, 2);
  const second = await rejection(chat.complete(ask));
  assert.ok(second instanceof BackendError);
  assert.match(second.message, /non-JSON body starting "oops"/);
  assert.equal((await chat.complete(ask)).choices[0]!.text, 'recovered');
});

test('one concurrency limit shared by every caller of the backend', async (t) => {
  // The first three answers wait until three requests are open at once (so the limit is surely
  // reached) and then a little longer, long enough for any request past the limit to show up.
  const server: StandIn = await standIn(t, {
    respond: async ({ index }) => {
      if (index >= 3) return 'ok';
      while (server.requests.length < 3) await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setTimeout(resolve, 50));
      return 'ok';
    },
  });
  const { chat } = backend(server.baseURL, { concurrency: 3 });
  const caller = () => Promise.all(Array.from({ length: 10 }, () => chat.complete(ask)));
  const [a, b] = await Promise.all([caller(), caller()]);
  assert.equal(a.length + b.length, 20);
  assert.equal(server.requests.length, 20);
  assert.equal(server.inFlightMax, 3);
});

test('an abort cancels a request in flight, and a pending retry wait', async (t) => {
  let received!: () => void;
  const arrived = new Promise<void>((resolve) => (received = resolve));
  const server = await standIn(t, {
    respond: ({ index }) => {
      received();
      return index === 0 ? { hang: true } : { error: 503 };
    },
  });
  const inFlight = new AbortController();
  const { chat } = backend(server.baseURL);
  const call = chat.complete(ask, inFlight.signal);
  await arrived;
  inFlight.abort();
  const error = await rejection(call);
  assert.equal((error as Error).name, 'AbortError');

  let waiting!: () => void;
  const asleep = new Promise<void>((resolve) => (waiting = resolve));
  const { chat: patient } = backend(server.baseURL, {
    sleep: () => {
      waiting();
      return new Promise(() => {}); // a wait that never ends by itself
    },
  });
  const duringWait = new AbortController();
  const retrying = patient.complete(ask, duringWait.signal);
  await asleep;
  duringWait.abort();
  assert.equal(((await rejection(retrying)) as Error).name, 'AbortError');
  assert.equal(server.requests.length, 2);
});

test('logprobs are asked for and mapped, with the alternatives the request wanted', async (t) => {
  const server = await standIn(t, {
    respond: [
      {
        reply: '7',
        logprobs: [
          {
            token: '7',
            logprob: -0.1,
            top: [
              { token: '7', logprob: -0.1 },
              { token: '8', logprob: -2.4 },
              { token: '6', logprob: -3.0 },
            ],
          },
        ],
      },
    ],
    recordBodies: true,
  });
  const { chat } = backend(server.baseURL);
  const result = await chat.complete({ ...ask, logprobs: { top: 2 } });
  assert.deepEqual(result.choices[0]!.logprobs, [
    {
      token: '7',
      logprob: -0.1,
      top: [
        { token: '7', logprob: -0.1 },
        { token: '8', logprob: -2.4 },
      ],
    },
  ]);
  const body = server.requests[0]!.body!;
  assert.equal(body.logprobs, true);
  assert.equal(body.top_logprobs, 2);
});

test('image parts arrive as image_url, text parts as text, headers as given', async (t) => {
  const server = await standIn(t, { respond: ['ok'], recordBodies: true });
  const { chat } = backend(server.baseURL, { apiKey: 'sk-test', headers: { 'x-run': 'r1' } });
  const url = 'data:image/png;base64,iVBORw0KGgo=';
  await chat.complete({
    messages: [
      { role: 'system', content: 'You are a judge.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare.' },
          { type: 'image', url },
        ],
      },
    ],
  });
  const logged = server.requests[0]!;
  assert.deepEqual(logged.body!.messages, [
    { role: 'system', content: 'You are a judge.' },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Compare.' },
        { type: 'image_url', image_url: { url } },
      ],
    },
  ]);
  assert.equal(logged.headers!['authorization'], 'Bearer sk-test');
  assert.equal(logged.headers!['x-run'], 'r1');
});

test('without a key no authorization header is sent; the caller headers replace the defaults', async (t) => {
  const server = await standIn(t, { respond: ['ok', 'ok'], recordBodies: true });
  await backend(server.baseURL).chat.complete(ask);
  // Through an injected fetch, whose Headers would join two spellings of one name into one value.
  await backend(server.baseURL, {
    headers: { 'User-Agent': 'trainer/2' },
    fetch: (input, init) => fetch(input, init),
  }).chat.complete(ask);
  const [keyless, custom] = server.requests;
  assert.equal(keyless!.headers!['authorization'], undefined);
  assert.equal(keyless!.headers!['content-type'], 'application/json');
  assert.equal(keyless!.headers!['user-agent'], 'edit-r1');
  assert.equal(custom!.headers!['user-agent'], 'trainer/2');
});

test('a body with a large image (a DataUrl) is sent whole, framed by content-length, not chunked', async (t) => {
  const server = await standIn(t, { respond: ['ok', 'ok'], recordBodies: true });
  const { chat } = backend(server.baseURL);
  const image = new DataUrl('image/jpeg', Buffer.alloc(300_000, 7));
  const request: ChatRequest = {
    messages: [{ role: 'user', content: [imagePart(image), { type: 'text', text: 'Judge — ✓' }] }],
  };
  // Twice: the second request copies the same cached bytes again.
  await chat.complete(request);
  await chat.complete(request);
  for (const logged of server.requests) {
    assert.equal(logged.headers!['content-length'], String(logged.bytes));
    assert.equal(logged.headers!['transfer-encoding'], undefined);
    assert.deepEqual(logged.body!.messages, [
      {
        role: 'user',
        content: [
          { type: 'image_url', image_url: { url: image.url } },
          { type: 'text', text: 'Judge — ✓' },
        ],
      },
    ]);
  }
});

test('bad options are ConfigErrors naming the option and its flag', () => {
  const make = (options: Partial<OpenAICompatibleOptions>) => () =>
    createOpenAICompatibleBackend({ baseURL: 'http://localhost:8000/v1', model: 'm', ...options });
  assert.throws(
    make({ concurrency: 0 }),
    (e: unknown) => e instanceof ConfigError && /concurrency.*--concurrency/.test(e.message),
  );
  assert.throws(
    make({ baseURL: 'localhost:8000' }),
    (e: unknown) => e instanceof ConfigError && /baseURL.*--base-url/.test(e.message),
  );
  assert.throws(
    make({ timeoutMs: -1 }),
    (e: unknown) => e instanceof ConfigError && /timeoutMs.*--timeout/.test(e.message),
  );
  assert.throws(
    make({ timeout: 5 } as Partial<OpenAICompatibleOptions>),
    (e: unknown) => e instanceof ConfigError && /timeout/.test(e.message),
  );
});

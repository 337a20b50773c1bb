import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import { startStandIn, type StandInOptions } from './index.js';

async function standIn(t: TestContext, options: StandInOptions) {
  const server = await startStandIn(options);
  t.after(() => server.close());
  return server;
}

function post(baseURL: string, body: unknown) {
  return fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const chatBody = { model: 'm', messages: [{ role: 'user', content: 'abcdefgh' }] };

test('GET /v1/models lists the model; other routes are 404', async (t) => {
  const server = await standIn(t, { respond: [], model: 'judge-vl' });
  const models = (await (await fetch(`${server.baseURL}/models`)).json()) as { data: { id: string }[] };
  assert.deepEqual(
    models.data.map((m) => m.id),
    ['judge-vl'],
  );
  assert.equal((await fetch(`${server.baseURL}/embeddings`, { method: 'POST' })).status, 404);
});

test('a reply honours n, counts usage roughly, and the log keeps no body unless asked', async (t) => {
  const server = await standIn(t, { respond: [{ reply: ['x', 'yyyy'] }] });
  const body = { ...chatBody, n: 3, seed: 4 };
  const json = (await (await post(server.baseURL, body)).json()) as {
    choices: { index: number; message: { content: string }; finish_reason: string }[];
    usage: { prompt_tokens: number; completion_tokens: number };
  };
  assert.deepEqual(
    json.choices.map((c) => [c.index, c.message.content, c.finish_reason]),
    [
      [0, 'x', 'stop'],
      [1, 'yyyy', 'stop'],
      [2, 'x', 'stop'],
    ],
  );
  // 8 prompt characters -> 2 tokens; completions 'x', 'yyyy', 'x' -> 1 + 1 + 1.
  assert.deepEqual(json.usage, { prompt_tokens: 2, completion_tokens: 3 });
  assert.deepEqual(server.requests, [
    { index: 0, bytes: Buffer.byteLength(JSON.stringify(body)), model: 'm', n: 3, seed: 4 },
  ]);
});

test('capacity queues requests past it: served at most 2 at once while 6 were open', async (t) => {
  // The first two served wait until all six have arrived, so the counts do not depend on timing.
  let arrived!: () => void;
  const allArrived = new Promise<void>((resolve) => (arrived = resolve));
  const server = await standIn(t, {
    respond: async () => {
      await allArrived;
      return 'ok';
    },
    capacity: 2,
  });
  const answers = Array.from({ length: 6 }, () => post(server.baseURL, chatBody));
  while (server.requests.length < 6) await new Promise((resolve) => setImmediate(resolve));
  assert.equal(server.inFlight, 6);
  arrived();
  const statuses = await Promise.all(answers.map(async (a) => (await a).status));
  assert.deepEqual(statuses, [200, 200, 200, 200, 200, 200]);
  assert.equal(server.servingMax, 2);
  assert.equal(server.inFlightMax, 6);
});

test('past the end of a scripted list, and on a bad request body, the answer says why', async (t) => {
  const server = await standIn(t, { respond: ['only'] });
  assert.equal((await post(server.baseURL, chatBody)).status, 200);
  const exhausted = await post(server.baseURL, chatBody);
  assert.equal(exhausted.status, 500);
  assert.match(await exhausted.text(), /request #2 has no scripted response \(1 scripted\)/);
  const bad = await post(server.baseURL, '{not json');
  assert.equal(bad.status, 400);
  assert.equal(server.requests.length, 2);
});

test('a handler that throws becomes a 500 naming the error', async (t) => {
  const server = await standIn(t, {
    respond: () => {
      throw new Error('handler bug');
    },
  });
  const answer = await post(server.baseURL, chatBody);
  assert.equal(answer.status, 500);
  assert.match(await answer.text(), /handler bug/);
});

test('an error response carries its status, headers and body', async (t) => {
  const server = await standIn(t, {
    respond: [{ error: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'slow down' } } }],
  });
  const answer = await post(server.baseURL, chatBody);
  assert.equal(answer.status, 429);
  assert.equal(answer.headers.get('retry-after'), '2');
  assert.deepEqual(await answer.json(), { error: { message: 'slow down' } });
});

test('close() ends a hanging request and stops listening', async () => {
  const server = await startStandIn({ respond: () => ({ hang: true }) });
  const pending = post(server.baseURL, chatBody);
  while (server.requests.length === 0) await new Promise((resolve) => setImmediate(resolve));
  await server.close();
  await assert.rejects(pending);
  assert.equal(server.inFlight, 0);
  await assert.rejects(post(server.baseURL, chatBody));
});

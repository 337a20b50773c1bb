import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startStandInThread } from './index.js';

const chat = (baseURL: string, n?: number) =>
  fetch(`${baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content: 'hi' }], n }),
  });

test('a stand-in on its own thread answers with one response for all, counts, and closes', async (t) => {
  const server = await startStandInThread({
    respond: { reply: 'same', n: 'ignore' },
    capacity: 2,
    delayMs: 20,
  });
  t.after(() => server.close());
  const answers = await Promise.all(Array.from({ length: 5 }, () => chat(server.baseURL, 3)));
  const bodies = (await Promise.all(answers.map((a) => a.json()))) as {
    choices: { message: { content: string } }[];
  }[];
  assert.deepEqual(
    bodies.map((b) => b.choices.map((c) => c.message.content)),
    Array.from({ length: 5 }, () => ['same']),
  );
  const stats = await server.stats();
  assert.equal(stats.requests, 5);
  // Exact counts depend on arrival timing (in-process tests pin them down); the bounds do not.
  assert.ok(stats.servingMax >= 1 && stats.servingMax <= 2, `servingMax ${stats.servingMax}`);
  assert.ok(
    stats.inFlightMax >= stats.servingMax && stats.inFlightMax <= 5,
    `inFlightMax ${stats.inFlightMax}`,
  );
  await server.close();
  await assert.rejects(chat(server.baseURL));
});

test('a stand-in thread consumes a list in order', async () => {
  const server = await startStandInThread({ respond: ['one', { error: 503 }] });
  try {
    assert.equal(((await (await chat(server.baseURL)).json()) as { choices: unknown[] }).choices.length, 1);
    assert.equal((await chat(server.baseURL)).status, 503);
    assert.equal((await chat(server.baseURL)).status, 500);
  } finally {
    await server.close();
  }
});

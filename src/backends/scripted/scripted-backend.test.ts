import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackendError, type ChatRequest } from '../../core/index.js';
import { createScriptedBackend } from './index.js';

const ask = (n?: number): ChatRequest => ({ messages: [{ role: 'user', content: 'Score it.' }], n });

test('replays texts, choices and functions in order, one per sample, and records the requests', async () => {
  const chat = createScriptedBackend({
    replies: [
      'first',
      { text: 'second', finishReason: 'length', logprobs: [{ token: 's', logprob: -1, top: [] }] },
      (request, sample) => `third: n=${request.n} sample=${sample}`,
      async () => ({ text: 'fourth' }),
    ],
    model: 'recorded-vl',
  });
  const one = await chat.complete(ask());
  assert.deepEqual(one.choices, [{ text: 'first', finishReason: 'stop' }]);
  assert.equal(one.model, 'recorded-vl');
  const three = await chat.complete(ask(3));
  assert.deepEqual(three.choices, [
    { text: 'second', finishReason: 'length', logprobs: [{ token: 's', logprob: -1, top: [] }] },
    { text: 'third: n=3 sample=1', finishReason: 'stop' },
    { text: 'fourth', finishReason: 'stop' },
  ]);
  assert.equal(chat.calls.length, 2);
  assert.equal(chat.calls[1]!.n, 3);
  assert.equal(chat.remaining, 0);
  assert.equal(chat.id, 'scripted:recorded-vl');
});

test('an Error in the script is thrown for that request', async () => {
  const failure = new BackendError('HTTP 503', {
    backend: 'scripted:scripted',
    status: 503,
    retryable: true,
  });
  const chat = createScriptedBackend({ replies: [failure, 'after'] });
  await assert.rejects(chat.complete(ask()), (e) => e === failure);
  assert.equal((await chat.complete(ask())).choices[0]!.text, 'after');
});

test('running out of replies is a clear error naming the request', async () => {
  const chat = createScriptedBackend({ replies: ['only'] });
  await assert.rejects(chat.complete(ask(2)), /script has 1 replies.*request #1 wants sample 2 of 2/);
});

test('an aborted signal is refused before a reply is used', async () => {
  const chat = createScriptedBackend({ replies: ['kept'] });
  await assert.rejects(chat.complete(ask(), AbortSignal.abort()), { name: 'AbortError' });
  assert.equal(chat.remaining, 1);
});

import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { ConfigError } from '../core/index.js';
import { rawHttp } from '../testing/raw-http.js';
import { createKeyCheck, isLoopback, parseKeyList } from './api-keys.js';
import { startRewardServer } from './start-reward-server.js';
import { counted, RECOLOUR, sceneDataUrl } from './test-fixtures.js';

const KEY = 'sk-client-0123456789abcdef';

test('keys: missing or wrong is 401, right is 200; neither keys nor image bytes reach the log', async () => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const { judge, decomposer } = counted();
  const server = await startRewardServer({
    judge,
    decomposer,
    judgeFingerprint: 'test',
    keys: ['another-key-xyz', KEY],
    logger: { level: 'info', stream },
  });
  const red = await sceneDataUrl('#d22b2b');
  const blue = await sceneDataUrl('#2b4fd2');
  const body = JSON.stringify({ items: [{ source: red, edited: [blue], instruction: RECOLOUR }] });
  const post = (authorization?: string) =>
    fetch(`${server.url}/v1/rewards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body,
    });
  try {
    const missing = await post();
    assert.equal(missing.status, 401);
    assert.equal(missing.headers.get('www-authenticate'), 'Bearer');
    assert.equal(((await missing.json()) as { error: { type: string } }).error.type, 'unauthorized');
    assert.equal((await post(`Bearer ${KEY}x`)).status, 401);
    assert.equal((await post(KEY)).status, 401, 'the Bearer scheme is required');
    const right = await post(`Bearer ${KEY}`);
    assert.equal(right.status, 200, await right.clone().text());
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200, 'probes need no key');
  } finally {
    await server.close();
  }
  const log = lines.join('');
  assert.match(log, /"url":"\/v1\/rewards"/, 'requests are logged');
  assert.match(log, /"bytes":\d{4,}/, 'with their size');
  assert.doesNotMatch(log, new RegExp(KEY.slice(3)), 'no key');
  assert.doesNotMatch(log, /iVBORw0KGgo/, 'no PNG bytes');
});

test('keys guard every form of a target the router sends to /v1: encoded or absolute', async () => {
  const { judge, decomposer, calls } = counted();
  const server = await startRewardServer({ judge, decomposer, judgeFingerprint: 'test', keys: [KEY] });
  const red = await sceneDataUrl('#d22b2b');
  const blue = await sceneDataUrl('#2b4fd2');
  const body = JSON.stringify({ items: [{ source: red, edited: [blue], instruction: RECOLOUR }] });
  try {
    for (const target of ['/%761/rewards', '/v%31/rewards', `${server.url}/v1/rewards`, '/v1/decompose']) {
      const { hostname } = new URL(server.url);
      const answer = await rawHttp(
        server.url,
        `POST ${target} HTTP/1.1\r\nhost: ${hostname}\r\ncontent-type: application/json\r\n` +
          `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      assert.match(answer, /^HTTP\/1\.1 401 /, `${target}: ${answer.split('\r\n')[0]}`);
      assert.match(answer, /"type":"unauthorized"/, target);
    }
    assert.deepEqual(calls, { judge: 0, sample: 0, decompose: 0 }, 'nothing was judged');
  } finally {
    await server.close();
  }
});

test('no keys: refuses a non-loopback host unless insecurePublic', async () => {
  const { judge, decomposer } = counted();
  await assert.rejects(
    startRewardServer({ judge, decomposer, judgeFingerprint: '', host: '0.0.0.0' }),
    (error: unknown) =>
      error instanceof ConfigError && /without API keys.*--insecure-public/.test(error.message),
  );
  const open = await startRewardServer({
    judge,
    decomposer,
    judgeFingerprint: '',
    host: '0.0.0.0',
    insecurePublic: true,
  });
  assert.match(open.url, /^http:\/\/0\.0\.0\.0:\d+$/);
  await open.close();
  const keyed = await startRewardServer({
    judge,
    decomposer,
    judgeFingerprint: '',
    host: '0.0.0.0',
    keys: [KEY],
  });
  await keyed.close();
});

test('key helpers: lists, constant-time check, loopback hosts', () => {
  assert.deepEqual(parseKeyList(' a, b ,,c ', /,/), ['a', 'b', 'c']);
  assert.deepEqual(parseKeyList('# clients\nk1\r\n\nk2\n', /\r?\n/), ['k1', 'k2']);
  const check = createKeyCheck(['k1', 'k2']);
  assert.equal(check('Bearer k2'), true);
  assert.equal(check('bearer k1'), true);
  assert.equal(check('Bearer k3'), false);
  assert.equal(check('Bearer '), false);
  assert.equal(check(undefined), false);
  assert.equal(createKeyCheck([])('Bearer '), false);
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
    assert.equal(isLoopback(host), true, host);
  for (const host of ['0.0.0.0', '10.0.0.1', '::', 'example.com'])
    assert.equal(isLoopback(host), false, host);
});

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { PRINCIPLES, RECOLOUR, sceneDataUrl, wellFormedReply } from '../server/test-fixtures.js';
import { startStandIn } from '../testing/index.js';
import { runCli } from './cli-harness.js';

const BIN = fileURLToPath(new URL('../../bin/edit-r1.js', import.meta.url));

interface Serving {
  url: string;
  child: ChildProcess;
  /** Everything the process has printed so far. */
  out: () => string;
  err: () => string;
}

/** Spawns `edit-r1 serve` with these arguments and waits for the URL it prints. */
async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Serving> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += String(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (err += String(chunk)));
  for (let i = 0; i < 600 && !/listening on/.test(out); i++) await delay(50);
  const url = /listening on (http:\/\/\S+)/.exec(out)?.[1];
  if (!url) {
    child.kill('SIGKILL');
    throw new Error(`no URL printed: ${out} ${err}`);
  }
  return { url, child, out: () => out, err: () => err };
}

test('serve refuses a public host without keys, and a client key that is the VLM key variable', async () => {
  const open = await runCli(['serve', '--host', '0.0.0.0', '--port', '0']);
  assert.equal(open.code, 2, open.err);
  assert.match(open.err, /refusing to listen on 0\.0\.0\.0 without API keys/);
  const mixed = await runCli(['serve', '--port', '0', '--keys-env', 'OPENAI_API_KEY'], {
    OPENAI_API_KEY: 'k-123456789',
  });
  assert.equal(mixed.code, 2);
  assert.match(mixed.err, /also the VLM's key variable/);
  const empty = await runCli(['serve', '--port', '0', '--keys-env', 'EDIT_R1_KEYS'], {});
  assert.equal(empty.code, 2);
  assert.match(empty.err, /holds no keys/);
});

test('edit-r1 serve: prints its URL, and on SIGTERM finishes the request in flight and exits 0', async () => {
  const vlm = await startStandIn({ respond: () => ({ reply: wellFormedReply(9), delayMs: 400 }) });
  const key = 'client-key-abcdef123456';
  const serving = await startServe(
    ['--backend', 'openai', '--base-url', vlm.baseURL, '--model', 'm', '--keys-env', 'EDIT_R1_KEYS'],
    { EDIT_R1_KEYS: key },
  ).catch(async (error: unknown) => {
    await vlm.close();
    throw error;
  });
  const { url, child } = serving;
  try {
    const body = {
      items: [
        {
          source: await sceneDataUrl('#d22b2b'),
          edited: [await sceneDataUrl('#2b4fd2')],
          instruction: RECOLOUR,
          principles: PRINCIPLES,
        },
      ],
    };
    const pending = fetch(`${url}/v1/rewards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
    for (let i = 0; i < 400 && vlm.requests.length === 0; i++) await delay(10);
    assert.equal(vlm.requests.length, 1, 'the edit reached the backend');
    child.kill('SIGTERM');
    const res = await pending;
    assert.equal(res.status, 200);
    const json = (await res.json()) as { results: { rewards: { finalScore: number }[] }[] };
    assert.equal(json.results[0]!.rewards[0]!.finalScore, 9);
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, serving.err());
    assert.match(serving.out(), /SIGTERM: finishing in-flight requests\nstopped/);
    assert.ok(!serving.err().includes(key), 'the key is never logged');
  } finally {
    child.kill('SIGKILL');
    await vlm.close();
  }
});

test('edit-r1 serve --concurrency: the server judges that many edits at once, above its default of 32', async () => {
  const vlm = await startStandIn({ respond: () => ({ reply: wellFormedReply(7), delayMs: 300 }) });
  const serving = await startServe([
    '--backend',
    'openai',
    '--base-url',
    vlm.baseURL,
    '--model',
    'm',
    '--concurrency',
    '40',
  ]).catch(async (error: unknown) => {
    await vlm.close();
    throw error;
  });
  try {
    // 40 different edits, so that none is a cache hit of another.
    const edited = await Promise.all(
      Array.from({ length: 40 }, (_, i) => sceneDataUrl(`hsl(${i * 9}, 70%, 45%)`)),
    );
    const body = {
      items: [
        { source: await sceneDataUrl('#d22b2b'), edited, instruction: RECOLOUR, principles: PRINCIPLES },
      ],
    };
    const res = await fetch(`${serving.url}/v1/rewards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.clone().text());
    const json = (await res.json()) as { results: { rewards: { finalScore: number }[] }[] };
    assert.deepEqual(new Set(json.results[0]!.rewards.map((r) => r.finalScore)), new Set([7]));
    assert.equal(vlm.inFlightMax, 40, 'every edit at the backend at once');
  } finally {
    serving.child.kill('SIGKILL');
    await vlm.close();
  }
});

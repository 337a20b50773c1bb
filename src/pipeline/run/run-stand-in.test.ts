import assert from 'node:assert/strict';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { describe, test, type TestContext } from 'node:test';
import { startStandIn, type StandIn, type StandInHandler } from '../../testing/index.js';
import type { StageCounts } from '../types.js';
import { openRun } from './open-run.js';
import { isVerifierRequest, offlineParts, wellFormedReply, writeRunConfig } from './run-test-helpers.js';
import { runStatus } from './run-status.js';
import { runWorker } from './run-worker.js';
import { seedOfKey } from './seed-of-key.js';

/** 2 inputs x 2 candidates; each quadruple gets one trace from qwen and one from the embedded judge. */
function online(baseURL: string, maxAttempts = 3) {
  return {
    ...offlineParts,
    backends: {
      qwen: {
        type: 'openai',
        baseURL,
        concurrency: 4,
        pricing: { promptPerMillion: 1, completionPerMillion: 2 },
      },
      embedded: { type: 'embedded' },
    },
    tracePool: [
      { backend: 'qwen', model: 'judge-vl', temperature: 0.7 },
      { backend: 'embedded', temperature: 0 },
    ],
    verifier: { type: 'vlm', backend: 'qwen', model: 'judge-vl' },
    retries: { maxAttempts },
  };
}

async function standIn(t: TestContext, respond: StandInHandler): Promise<StandIn> {
  const server = await startStandIn({ respond, recordBodies: true });
  t.after(() => server.close());
  return server;
}

const done = (counts: readonly StageCounts[]) => Object.fromEntries(counts.map((c) => [c.stage, c.done]));
const ALL_DONE = { decompose: 2, candidate: 4, trace: 8, verify: 4, select: 4 };

/** A TCP door to the stand-in that can be shut and opened again on the same port: a backend that dies and comes back. */
async function door(target: number): Promise<{ port: number; shut(): Promise<void>; open(): Promise<void> }> {
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((client) => {
        const upstream = connect(target, '127.0.0.1');
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  const shut = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    });
  await open();
  return { port, shut, open };
}

describe('runWorker with an openai backend on the stand-in', () => {
  test('finishes; each trace and verify unit is asked exactly once, with its key seed; usage and cost are counted', async (t) => {
    const server = await standIn(t, wellFormedReply);
    const run = await openRun(await writeRunConfig(t, online(server.baseURL)));
    t.after(() => run.close());
    const summary = await runWorker(run, { idlePollMs: 20 });
    assert.deepEqual(done(summary.counts), ALL_DONE);

    const traceSeeds = (await run.store.done('trace'))
      .filter((u) => (u.payload as { backend: string }).backend === 'qwen')
      .map((u) => seedOfKey(u.key))
      .sort();
    const verifySeeds = (await run.store.done('verify')).map((u) => seedOfKey(u.key)).sort();
    const asked = (verifier: boolean) =>
      server.requests
        .filter((r) => isVerifierRequest({ body: r.body!, index: r.index, headers: {} }) === verifier)
        .map((r) => r.seed)
        .sort();
    assert.equal(traceSeeds.length, 4);
    assert.deepEqual(asked(false), traceSeeds);
    assert.deepEqual(asked(true), verifySeeds);

    const status = await runStatus(run);
    const [usage] = status.usage;
    assert.equal(status.usage.length, 1);
    assert.equal(usage?.backend, 'qwen');
    const stageTokens = summary.counts.reduce((sum, c) => sum + c.promptTokens + c.completionTokens, 0);
    assert.ok(stageTokens > 0);
    assert.equal(usage!.promptTokens + usage!.completionTokens, stageTokens);
    assert.equal(usage!.usd, (usage!.promptTokens * 1 + usage!.completionTokens * 2) / 1e6);

    const before = server.requests.length;
    const again = await runWorker(run, { idlePollMs: 20 });
    assert.equal(again.completed, 0);
    assert.equal(server.requests.length, before, 'a rerun sends nothing');
  });

  test('a garbled judge reply is retried maxAttempts times, then failed with its raw text; the run completes', async (t) => {
    const garbled = 'I think it is fine. Score: great';
    const server = await standIn(t, (request) =>
      isVerifierRequest(request) ? wellFormedReply(request) : garbled,
    );
    const run = await openRun(await writeRunConfig(t, online(server.baseURL, 2)));
    t.after(() => run.close());
    const summary = await runWorker(run, { idlePollMs: 20 });
    const trace = summary.counts.find((c) => c.stage === 'trace')!;
    assert.deepEqual([trace.done, trace.failed], [4, 4]);
    assert.deepEqual(done(summary.counts), { ...ALL_DONE, trace: 4 });
    assert.equal(summary.failed, 4);
    const judgeRequests = server.requests.filter(
      (r) => !isVerifierRequest({ body: r.body!, index: r.index, headers: {} }),
    );
    assert.equal(judgeRequests.length, 4 * 2);
    const failures = await run.store.failures();
    assert.ok(failures.every((f) => f.reason === 'parse' && f.attempts === 2 && f.raw?.includes(garbled)));
    const status = await runStatus(run);
    assert.equal(status.failures.length, 1);
    assert.deepEqual(
      { ...status.failures[0], example: undefined },
      { stage: 'trace', reason: 'parse', count: 4, example: undefined },
    );
    assert.ok(status.failures[0]!.example.length > 0);
  });

  test('a 429 with retry-after and a 503 pause the backend; the run still completes', async (t) => {
    const server = await standIn(t, (request) => {
      if (request.index === 0) return { error: 429, headers: { 'retry-after': '0.3' } };
      if (request.index === 1) return { error: 503 };
      return wellFormedReply(request);
    });
    const run = await openRun(await writeRunConfig(t, online(server.baseURL)));
    t.after(() => run.close());
    const lines: string[] = [];
    const summary = await runWorker(run, { idlePollMs: 20, log: (line) => lines.push(line) });
    assert.deepEqual(done(summary.counts), ALL_DONE);
    assert.equal(summary.failed, 0);
    assert.ok(summary.released >= 1);
    assert.ok(lines.some((line) => /^qwen paused \d+ ms/.test(line)));
    assert.equal(server.requests.length, 8 + 2, 'each unit asked once, plus the two refused');
  });

  test('a dead backend: its units are released while the other backend finishes; once back, a second worker completes', async (t) => {
    const server = await standIn(t, wellFormedReply);
    const backend = await door(server.port);
    t.after(() => backend.shut());
    await backend.shut();
    const run = await openRun(await writeRunConfig(t, online(`http://127.0.0.1:${backend.port}/v1`)));
    t.after(() => run.close());

    const controller = new AbortController();
    const first = await runWorker(run, {
      idlePollMs: 20,
      signal: controller.signal,
      progress: {
        update: (counts) => {
          // Every embedded trace done: the live backend has finished its share.
          if (counts.find((c) => c.stage === 'trace')!.done === 4) controller.abort();
        },
        stop: () => {},
      },
    });
    assert.ok(first.released >= 1);
    assert.equal(first.failed, 0);
    const trace = first.counts.find((c) => c.stage === 'trace')!;
    assert.deepEqual([trace.done, trace.pending, trace.running, trace.failed], [4, 4, 0, 0]);
    assert.equal(server.requests.length, 0);

    await backend.open();
    const second = await runWorker(run, { idlePollMs: 20 });
    assert.deepEqual(done(second.counts), ALL_DONE);
    assert.equal(server.requests.length, 8);
  });
});

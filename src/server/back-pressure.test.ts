import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, test } from 'node:test';
import { startStandIn, type StandIn, type StandInOptions } from '../testing/index.js';
import { openAIModelsProbe } from './readiness.js';
import { startRewardServer } from './start-reward-server.js';
import type { RewardServerOptions, RunningServer } from './options.js';
import { PRINCIPLES, RECOLOUR, sceneDataUrl, vlmJudge, wellFormedReply } from './test-fixtures.js';

const red = await sceneDataUrl('#d22b2b');
const blue = await sceneDataUrl('#2b4fd2');
const green = await sceneDataUrl('#2bd24f');

/** A group with the principles given, so every backend request is a judgement (none a decomposition). */
const group = (...edited: string[]) => ({
  items: [{ source: red, edited, instruction: RECOLOUR, principles: PRINCIPLES }],
});

async function withVlmServer(
  standIn: StandInOptions,
  options: Partial<RewardServerOptions>,
  body: (server: RunningServer, vlm: StandIn) => Promise<void>,
) {
  const vlm = await startStandIn(standIn);
  const { judge, decomposer } = vlmJudge(vlm.baseURL);
  const server = await startRewardServer({ judge, decomposer, judgeFingerprint: 'vlm', ...options });
  try {
    await body(server, vlm);
  } finally {
    await server.close();
    await vlm.close();
  }
}

const send = (server: RunningServer, payload: unknown, signal?: AbortSignal) =>
  fetch(`${server.url}/v1/rewards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
    ...(signal ? { signal } : {}),
  });

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await condition()) return;
    await delay(10);
  }
  assert.fail(`timed out waiting until ${what}`);
}

const metricsOf = async (server: RunningServer) => (await fetch(`${server.url}/metrics`)).text();

describe('the reward service against a VLM stand-in', () => {
  test('scores through the backend: one request per edit, reward from the parsed reply', async () => {
    await withVlmServer({ respond: () => wellFormedReply(8) }, {}, async (server, vlm) => {
      const res = await send(server, group(blue, green));
      assert.equal(res.status, 200);
      const body = (await res.json()) as { results: { rewards: { finalScore: number; reward: number }[] }[] };
      assert.deepEqual(
        body.results[0]!.rewards.map((r) => [r.finalScore, r.reward]),
        [
          [8, 0.8],
          [8, 0.8],
        ],
      );
      assert.equal(vlm.requests.length, 2);
    });
  });

  test('an unparseable reply fails the request as parse_error, with no invented score', async () => {
    await withVlmServer({ respond: () => 'I cannot judge this.' }, {}, async (server) => {
      const res = await send(server, group(blue));
      assert.equal(res.status, 502);
      const { error } = (await res.json()) as { error: { type: string; message: string } };
      assert.equal(error.type, 'parse_error');
      assert.match(error.message, /^items\[0\]\.edited\[0\]: /);
      const metrics = await metricsOf(server);
      assert.match(metrics, /^edit_r1_parse_failures_total 1$/m);
    });
  });

  test('a full queue gives 429 with retry-after; the queued work still completes', async () => {
    await withVlmServer(
      { respond: () => ({ reply: wellFormedReply(7), delayMs: 300 }) },
      { limits: { concurrency: 1, queueDepth: 2 } },
      async (server, vlm) => {
        const running = send(server, group(blue));
        await until(() => vlm.requests.length === 1, 'the first edit reaches the backend');
        const queued = send(server, group(green, red));
        await until(async () => /^edit_r1_queue_depth 2$/m.test(await metricsOf(server)), 'two edits wait');
        const refused = await send(server, group(blue, green));
        assert.equal(refused.status, 429);
        assert.ok(Number(refused.headers.get('retry-after')) >= 1, 'retry-after in seconds');
        assert.equal(((await refused.json()) as { error: { type: string } }).error.type, 'too_many_requests');
        assert.equal((await running).status, 200);
        assert.equal((await queued).status, 200);
        assert.equal(vlm.requests.length, 3, 'the refused request reached no backend');
      },
    );
  });

  test('a full queue still answers a request the cache answers whole', async () => {
    await withVlmServer(
      { respond: () => ({ reply: wellFormedReply(7), delayMs: 300 }) },
      { limits: { concurrency: 1, queueDepth: 2 } },
      async (server, vlm) => {
        const first = await send(server, group(red));
        assert.equal(first.status, 200);
        const judged = (await first.json()) as unknown;
        const running = send(server, group(blue));
        await until(() => vlm.requests.length === 2, 'the next edit reaches the backend');
        const queued = send(server, group(green, red, blue));
        await until(async () => /^edit_r1_queue_depth 2$/m.test(await metricsOf(server)), 'two edits wait');
        const cached = await send(server, group(red));
        assert.equal(cached.status, 200, await cached.clone().text());
        assert.deepEqual(await cached.json(), judged, 'the first answer, from the cache');
        assert.equal(vlm.requests.length, 2, 'answered with no backend call while two edits wait');
        assert.equal(
          (await send(server, group(green))).status,
          429,
          'an edit that needs the backend is refused',
        );
        assert.equal((await running).status, 200);
        assert.equal((await queued).status, 200);
      },
    );
  });

  test('Server-Timing: the second of two edits waits for the one slot; both calls fit in the total', async () => {
    const replyMs = 60;
    await withVlmServer(
      { respond: () => ({ reply: wellFormedReply(7), delayMs: replyMs }) },
      { limits: { concurrency: 1 } },
      async (server) => {
        const res = await send(server, group(blue, green));
        assert.equal(res.status, 200);
        const header = res.headers.get('server-timing') ?? '';
        assert.match(header, /^images;dur=[\d.]+, queue;dur=[\d.]+, judge;dur=[\d.]+, total;dur=[\d.]+$/);
        const ms = Object.fromEntries(
          header.split(', ').map((entry) => {
            const [name, dur] = entry.split(';dur=');
            return [name!, Number(dur)];
          }),
        );
        // Lower bounds from the stand-in's timer (1 ms for a timer firing early and rounding): a judge
        // call waits for its reply, and the second edit waits for the first edit's whole call.
        assert.ok(ms.judge! >= replyMs - 1, `judge ${ms.judge} ms`);
        assert.ok(ms.queue! >= replyMs - 1, `queue ${ms.queue} ms`);
        // The two calls ran one after the other, inside the request, after its images were read.
        assert.ok(ms.total! >= ms.images! + 2 * (replyMs - 1), header);
        assert.ok(ms.total! >= ms.queue! && ms.total! >= ms.judge!, header);
      },
    );
  });

  test('the deadline gives 504 deadline_exceeded and cancels the backend call', async () => {
    await withVlmServer(
      { respond: () => ({ hang: true }) },
      { limits: { deadlineMs: 300 } },
      async (server, vlm) => {
        const res = await send(server, group(blue));
        assert.equal(res.status, 504);
        assert.equal(((await res.json()) as { error: { type: string } }).error.type, 'deadline_exceeded');
        await until(() => vlm.inFlight === 0, 'the backend request is cancelled');
      },
    );
  });

  test('a client that disconnects aborts its backend calls, queued ones never start', async () => {
    await withVlmServer(
      { respond: () => ({ hang: true }) },
      { limits: { concurrency: 2 } },
      async (server, vlm) => {
        const client = new AbortController();
        const pending = send(server, group(blue, green, red, blue), client.signal).catch((e: unknown) => e);
        await until(() => vlm.inFlight === 2, 'two edits reach the backend');
        client.abort();
        assert.ok((await pending) instanceof Error);
        await until(() => vlm.inFlight === 0, 'the backend requests are cancelled');
        await delay(100);
        assert.equal(vlm.requests.length, 2, 'the two queued edits were never sent');
        const metrics = await metricsOf(server);
        assert.match(metrics, /^edit_r1_queue_depth 0$/m);
        assert.match(metrics, /^edit_r1_judge_in_flight 0$/m);
      },
    );
  });

  test('backend down: 503 backend_error with the reason, and /readyz says so', async () => {
    const vlm = await startStandIn({ respond: [] });
    const baseURL = vlm.baseURL;
    await vlm.close();
    const { judge, decomposer } = vlmJudge(baseURL);
    const server = await startRewardServer({
      judge,
      decomposer,
      judgeFingerprint: 'vlm',
      ready: openAIModelsProbe({ baseURL }),
    });
    try {
      const res = await send(server, group(blue));
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '5', 'the judge already retried: come back in seconds');
      const { error } = (await res.json()) as { error: { type: string; message: string } };
      assert.equal(error.type, 'backend_error');
      assert.equal(
        error.message,
        'items[0].edited[0]: the VLM could not be reached after 1 attempt; retry later (the server log has the details)',
        'the reason, without the backend address or the operator flags',
      );
      const ready = await fetch(`${server.url}/readyz`);
      assert.equal(ready.status, 503);
      const readiness = ((await ready.json()) as { error: { message: string } }).error.message;
      assert.equal(readiness, 'the VLM backend is unreachable');
    } finally {
      await server.close();
    }
  });

  test("backend refusals reach the client without the backend's address; its retry-after is passed on", async () => {
    const refusal = {
      error: 400,
      body: { error: { message: 'image too small: the shortest side must be at least 28 px' } },
    };
    await withVlmServer({ respond: () => refusal }, {}, async (server, vlm) => {
      const res = await send(server, group(blue));
      assert.equal(res.status, 502);
      const { error } = (await res.json()) as { error: { type: string; message: string } };
      assert.equal(
        error.message,
        'items[0].edited[0]: the VLM refused the request with HTTP 400 (image too small: the shortest side must be at least 28 px) after 1 attempt; the server log has the details',
      );
      assert.ok(!error.message.includes(new URL(vlm.baseURL).host), 'no backend address');
      assert.doesNotMatch(error.message, /--\w/, 'no operator flags');
    });
    const busy = { error: 429, headers: { 'retry-after': '9' } };
    await withVlmServer({ respond: () => busy }, {}, async (server) => {
      const res = await send(server, group(blue));
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '9');
      const { error } = (await res.json()) as { error: { message: string } };
      assert.match(error.message, /the VLM answered HTTP 429 after 1 attempt; retry later/);
    });
  });

  test('/readyz probes the backend with GET /models', async () => {
    await withVlmServer({ respond: [] }, {}, async (server, vlm) => {
      const probe = openAIModelsProbe({ baseURL: vlm.baseURL });
      const res = await fetch(`${server.url}/readyz`);
      assert.equal(res.status, 200, 'no probe given: ready');
      assert.deepEqual(await probe(AbortSignal.timeout(2000)), { ready: true });
    });
  });

  test('close() lets an in-flight request finish, then refuses new connections', async () => {
    await withVlmServer(
      { respond: () => ({ reply: wellFormedReply(6), delayMs: 300 }) },
      {},
      async (server, vlm) => {
        const inFlight = send(server, group(blue));
        await until(() => vlm.requests.length === 1, 'the edit reaches the backend');
        const closing = server.close();
        const res = await inFlight;
        assert.equal(res.status, 200);
        assert.equal(
          ((await res.json()) as { results: { rewards: { finalScore: number }[] }[] }).results[0]!.rewards[0]!
            .finalScore,
          6,
        );
        await closing;
        await assert.rejects(send(server, group(blue)));
      },
    );
  });
});

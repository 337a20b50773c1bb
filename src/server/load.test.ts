import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import sharp from 'sharp';
import { startStandIn, type StandInRequest, type StandInResponse } from '../testing/index.js';
import { RewardsResponseSchema } from './schemas.js';
import { startRewardServer } from './start-reward-server.js';
import {
  distinctColourPngs,
  editedImageUrl,
  PRINCIPLES,
  RECOLOUR,
  vlmJudge,
  wellFormedReply,
} from './test-fixtures.js';

const BIN = fileURLToPath(new URL('../../bin/edit-r1.js', import.meta.url));

const blackPng = await sharp({ create: { width: 32, height: 32, channels: 3, background: '#000000' } })
  .png()
  .toBuffer();
/** One source for every edit: black, so no coloured edit is "nearly identical" to it. */
const SOURCE = `data:image/png;base64,${blackPng.toString('base64')}`;

/** A score per image that differs from its neighbours', so a reward in the wrong place shows. */
const scoreFor = (index: number) => index % 11;

/**
 * A stand-in script that scores each edit by which image it is (the chat's edited image, sent as
 * the client gave it), so every reward can be traced to its image; `seen` collects the images judged.
 */
function scoreByImage(images: readonly string[], delayMs: number, seen = new Set<string>()) {
  const indexOf = new Map(images.map((url, i) => [url, i]));
  return (request: StandInRequest): StandInResponse => {
    const url = editedImageUrl(request.body);
    const index = url === undefined ? undefined : indexOf.get(url);
    if (index === undefined)
      return { error: 500, body: { error: { message: 'stand-in: an image it was not given' } } };
    seen.add(url!);
    return { reply: wellFormedReply(scoreFor(index)), delayMs };
  };
}

const post = (url: string, payload: unknown) =>
  fetch(`${url}/v1/rewards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });

const finalScores = (body: unknown) =>
  RewardsResponseSchema.parse(body).results.map((r) => [r.id, r.rewards.map((w) => w.finalScore)] as const);

test('1,000 edits in one request: every reward in order, the backend never past the server concurrency, memory bounded', async (t) => {
  const EDITS = 1000;
  const edited = await distinctColourPngs(EDITS);
  const payload = {
    items: [{ id: 'group', source: SOURCE, edited, instruction: RECOLOUR, principles: PRINCIPLES }],
  };
  const vlm = await startStandIn({ respond: scoreByImage(edited, 3), capacity: 16 });
  const { judge, decomposer } = vlmJudge(vlm.baseURL);
  const concurrency = 8;
  const server = await startRewardServer({
    judge,
    decomposer,
    judgeFingerprint: 'vlm',
    limits: { imagesPerRequest: EDITS + 1, queueDepth: EDITS, concurrency },
  });
  // Peak resident memory while the request runs, sampled whenever the event loop lets the timer in.
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  try {
    const res = await post(server.url, payload);
    peak = Math.max(peak, process.memoryUsage.rss());
    assert.equal(res.status, 200, await res.clone().text());
    const [[id, scores]] = finalScores(await res.json()) as [readonly [string, number[]]];
    assert.equal(id, 'group');
    assert.deepEqual(
      scores,
      edited.map((_, i) => scoreFor(i)),
      'reward i is the score the stand-in gave image i',
    );
    assert.equal(vlm.requests.length, EDITS, 'one judge request per edit, no decomposition');
    assert.ok(vlm.inFlightMax <= concurrency, `the backend saw ${vlm.inFlightMax} at once`);
    assert.ok(vlm.inFlightMax > 1, 'the edits were judged concurrently');
    const deltaMb = (peak - baseline) / 2 ** 20;
    assert.ok(deltaMb < 300, `resident memory grew by ${deltaMb.toFixed(0)} MB`);
    t.diagnostic(`peak RSS delta ${deltaMb.toFixed(1)} MB, backend max in flight ${vlm.inFlightMax}`);
  } finally {
    clearInterval(sampler);
    await server.close();
  }

  // The same request under the default limits, then with only the image limit raised: a 413 naming each limit.
  const judged = vlm.requests.length;
  const defaults = await startRewardServer({ judge, decomposer, judgeFingerprint: 'vlm' });
  const queueBound = await startRewardServer({
    judge,
    decomposer,
    judgeFingerprint: 'vlm',
    limits: { imagesPerRequest: EDITS + 1 },
  });
  try {
    const cases: [string, RegExp][] = [
      [defaults.url, /the request has 1001 images, over the limit of 256/],
      [queueBound.url, /needs 1000 judgements, more than the server's queue holds \(288\)/],
    ];
    for (const [url, message] of cases) {
      const res = await post(url, payload);
      assert.equal(res.status, 413);
      const { error } = (await res.json()) as { error: { type: string; message: string } };
      assert.equal(error.type, 'payload_too_large');
      assert.match(error.message, message);
    }
    assert.equal(vlm.requests.length, judged, 'refused before any judge call');
  } finally {
    await defaults.close();
    await queueBound.close();
    await vlm.close();
  }
});

/** What one request came to: an HTTP answer, or no connection (with the error's code). */
type Outcome = { status: number; body: unknown } | { connection: string };

async function outcomeOf(url: string, payload: unknown): Promise<Outcome> {
  try {
    const res = await post(url, payload);
    const text = await res.text();
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    return { connection: cause?.code ?? String(error) };
  }
}

/** Starts `edit-r1 serve` on any free port against the stand-in and resolves with its URL once it prints it. */
async function spawnServe(baseURL: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--backend', 'openai', '--base-url', baseURL, '--model', 'm'],
    { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output = { out: '', err: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.out += String(chunk)));
  child.stderr!.on('data', (chunk: Buffer) => (output.err += String(chunk)));
  const exited = once(child, 'exit') as Promise<[number | null, string | null]>;
  for (let i = 0; i < 600 && !/listening on/.test(output.out); i++) await delay(50);
  const url = /listening on (http:\/\/\S+)/.exec(output.out)?.[1];
  return { child, output, exited, url };
}

/**
 * The server's own account from its request log (fastify's pino lines, one JSON object a line): every
 * request it took, by id, with its URL when it got that far and the status it answered, if any.
 */
function requestLedger(log: string) {
  const requests = new Map<string, { url?: string; status?: number }>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as {
      reqId?: string;
      req?: { url?: string };
      res?: { statusCode?: number };
    };
    if (entry.reqId === undefined) continue;
    const seen = requests.get(entry.reqId) ?? {};
    if (entry.req?.url !== undefined) seen.url = entry.req.url;
    if (entry.res?.statusCode !== undefined) seen.status = entry.res.statusCode;
    requests.set(entry.reqId, seen);
  }
  return [...requests.values()];
}

const isRefusal = (outcome: Outcome) =>
  'status' in outcome &&
  (outcome.status === 503 || outcome.status === 429) &&
  typeof outcome.body === 'object' &&
  outcome.body !== null &&
  'error' in outcome.body;

test('SIGTERM during load: every request accepted is answered, later ones are refused retryably, exit 0', async (t) => {
  const BEFORE = 30;
  const AFTER = 10;
  const counts = Array.from({ length: BEFORE + AFTER }, (_, r) => 2 + (r % 3));
  const images = await distinctColourPngs(counts.reduce((a, b) => a + b, 0));
  const groups = counts.map((count, r) => {
    const first = counts.slice(0, r).reduce((a, b) => a + b, 0);
    const indices = Array.from({ length: count }, (_, j) => first + j);
    const edited = indices.map((i) => images[i]!);
    return {
      edited,
      expected: indices.map(scoreFor),
      payload: {
        items: [{ id: `r${r}`, source: SOURCE, edited, instruction: RECOLOUR, principles: PRINCIPLES }],
      },
    };
  });
  const judged = new Set<string>();
  const vlm = await startStandIn({ respond: scoreByImage(images, 150, judged) });
  const { child, output, exited, url } = await spawnServe(vlm.baseURL);
  try {
    assert.ok(url, `no URL printed: ${output.out} ${output.err}`);
    let settled = 0;
    const before = groups.slice(0, BEFORE).map((g) => outcomeOf(url, g.payload).finally(() => settled++));
    // Every edit of the first wave counted by the server: all those requests were taken and parsed.
    const editsBefore = counts.slice(0, BEFORE).reduce((a, b) => a + b, 0);
    for (let i = 0; ; i++) {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      if (Number(/^edit_r1_cache_misses_total (\d+)$/m.exec(metrics)?.[1]) === editsBefore) break;
      assert.ok(i < 1000, 'the first wave never reached the queue');
      await delay(10);
    }
    const inFlightAtSignal = BEFORE - settled;
    child.kill('SIGTERM');
    const after = groups.slice(BEFORE).map((g) => outcomeOf(url, g.payload));
    const outcomes = await Promise.all([...before, ...after]);
    const [code, signal] = await exited;

    assert.ok(inFlightAtSignal > 0, 'SIGTERM came while requests were in flight');
    outcomes.slice(0, BEFORE).forEach((outcome, r) => {
      assert.ok(
        'status' in outcome,
        `request ${r}, taken before SIGTERM, got no answer: ${JSON.stringify(outcome)}`,
      );
      assert.equal(outcome.status, 200, `request ${r}: ${JSON.stringify(outcome.body)}`);
      assert.deepEqual(finalScores(outcome.body), [[`r${r}`, groups[r]!.expected]]);
    });
    const tally = { answered: 0, refused: 0, unconnected: 0 };
    outcomes.slice(BEFORE).forEach((outcome, k) => {
      const r = BEFORE + k;
      if ('connection' in outcome) {
        assert.match(outcome.connection, /^(ECONNREFUSED|ECONNRESET|UND_ERR_SOCKET)$/, `request ${r}`);
        tally.unconnected++;
      } else if (outcome.status === 200) {
        assert.deepEqual(finalScores(outcome.body), [[`r${r}`, groups[r]!.expected]]);
        tally.answered++;
      } else {
        assert.ok(isRefusal(outcome), `request ${r}: ${outcome.status} ${JSON.stringify(outcome.body)}`);
        tally.refused++;
      }
    });
    // A request whose edit reached the backend was taken; it must have been answered in full.
    groups.forEach((g, r) => {
      if (g.edited.some((image) => judged.has(image))) {
        const outcome = outcomes[r]!;
        assert.ok('status' in outcome && outcome.status === 200, `request ${r} was judged but not answered`);
      }
    });
    // The server's side: every request it logged was answered, and as many as the clients received.
    const ledger = requestLedger(output.err).filter((entry) => entry.url !== '/metrics');
    const unanswered = ledger.filter((entry) => entry.status === undefined);
    assert.deepEqual(unanswered, [], 'requests the server took and never answered');
    assert.equal(ledger.length, outcomes.filter((o) => 'status' in o).length);

    assert.deepEqual([code, signal], [0, null], output.err);
    assert.match(output.out, /SIGTERM: finishing in-flight requests\nstopped/);
    t.diagnostic(
      `in flight at SIGTERM ${inFlightAtSignal}/${BEFORE}; after it: ${tally.answered} answered, ${tally.refused} refused, ${tally.unconnected} not connected`,
    );
  } finally {
    child.kill('SIGKILL');
    await vlm.close();
  }
});

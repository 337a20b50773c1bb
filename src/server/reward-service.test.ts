import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Judge, Verdict } from '../core/index.js';
import { createJudgeAndDecomposer } from '../create-judge.js';
import { createMetrics } from './metrics.js';
import { DEFAULT_LIMITS } from './options.js';
import { createRewardCache } from './reward-cache.js';
import { HttpError } from './http-error.js';
import { createRewardService } from './reward-service.js';
import type { RewardsRequest } from './schemas.js';
import { PRINCIPLES, RECOLOUR, sceneDataUrl } from './test-fixtures.js';

// A collector to call, so that the test can see what is still reachable.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** Once pending ticks and microtasks have run. */
const settled = () => new Promise((resolve) => setImmediate(resolve));

/** A verdict with every principle holding and this final score, as a stub judge returns it. */
function verdictScoring(finalScore: number, judge: string): Verdict {
  return {
    points: PRINCIPLES.map((p) => ({ ...p, score: 1, reason: 'holds' })),
    averageScore: 1,
    finalScore,
    trace: `<score>${finalScore}</score>`,
    judge,
    rulesApplied: [],
    verifiedShare: 1,
    latencyMs: 0,
  };
}

test('a request whose edits wait for the judge is not kept, nor its body: its images are held as bytes alone', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let bothStarted!: () => void;
  const judging = new Promise<void>((resolve) => (bothStarted = resolve));
  let calls = 0;
  const { decomposer } = createJudgeAndDecomposer({});
  const verdict = verdictScoring(8, 'held');
  // Holds each edit until released, as a judge waiting on its VLM would.
  const held: Judge = {
    id: 'held',
    judge: async () => {
      if (++calls === 2) bothStarted();
      await gate;
      return verdict;
    },
    sample: () => Promise.reject(new Error('not used')),
  };
  const cache = createRewardCache({});
  const service = createRewardService({
    judge: held,
    decomposer,
    judgeFingerprint: 'test',
    allowHosts: [],
    limits: DEFAULT_LIMITS,
    cache,
    metrics: createMetrics(),
  });
  const [source, edited, inlined] = await Promise.all([
    sceneDataUrl('#d03030'),
    sceneDataUrl('#3050d0'),
    sceneDataUrl('#30d050'),
  ]);
  let requestRef: WeakRef<RewardsRequest> | undefined;
  let bodyRef: WeakRef<Buffer> | undefined;
  // Made where the test keeps no reference to them, as a route handing on a parsed body does: one
  // edit as a string, one read from the body's bytes (as the route passes a long data URL).
  const sent = (): [RewardsRequest, Map<string, Buffer>] => {
    const body = Buffer.from(inlined, 'latin1');
    bodyRef = new WeakRef(body);
    const request = {
      items: [{ source, edited: [edited, 'inline-0'], instruction: RECOLOUR, principles: PRINCIPLES }],
    };
    requestRef = new WeakRef(request);
    return [request, new Map([['inline-0', body]])];
  };
  const start = () => {
    const [request, inline] = sent();
    return service.rewards(request, new AbortController().signal, undefined, inline);
  };
  const answer = start();
  await judging;
  // The loading's last step (letting the body go) follows the last edit's call.
  await settled();
  collectGarbage();
  assert.ok(requestRef && bodyRef, 'the request was made');
  assert.equal(requestRef.deref(), undefined, 'the request (and its image strings) outlived the loading');
  assert.equal(bodyRef.deref(), undefined, 'the body outlived the loading');
  release();
  const { results } = await answer;
  assert.deepEqual(
    results[0]?.rewards.map((r) => r.reward),
    [0.8, 0.8],
  );
  cache.close();
});

/**
 * A service over a judge and cache that log, in order, each cache lookup and each judge call, and when
 * a request made in that call would be written: node:http writes in a process.nextTick.
 */
async function loggingService(limits: Partial<typeof DEFAULT_LIMITS> = {}) {
  const log: string[] = [];
  const { decomposer } = createJudgeAndDecomposer({});
  const verdict = verdictScoring(7, 'logged');
  const judge: Judge = {
    id: 'logged',
    judge: async () => {
      log.push('judge');
      process.nextTick(() => log.push('written'));
      return verdict;
    },
    sample: () => Promise.reject(new Error('not used')),
  };
  const memory = createRewardCache({});
  const cache = {
    get: (key: string) => (log.push('lookup'), memory.get(key)),
    set: memory.set,
    close: memory.close,
  };
  const service = createRewardService({
    judge,
    decomposer,
    judgeFingerprint: 'test',
    allowHosts: [],
    limits: { ...DEFAULT_LIMITS, ...limits },
    cache,
    metrics: createMetrics(),
  });
  const colours = ['#3050d0', '#30d050', '#d0d030', '#303030', '#30d0d0', '#d030d0'];
  const [source, ...edits] = await Promise.all(
    ['#d03030', ...colours].map((c) => sceneDataUrl(c, undefined, 'jpeg')),
  );
  const request = (edited: string[], instruction = RECOLOUR): RewardsRequest => ({
    items: [{ source: source!, edited, instruction, principles: PRINCIPLES }],
  });
  return { service, log, edits, request, close: () => memory.close() };
}

test('with room for the whole group, each edit is judged as it is read, the first request written at once and the rest four at a time', async () => {
  const { service, log, edits, request, close } = await loggingService();
  const { results } = await service.rewards(request(edits.slice(0, 6)), new AbortController().signal);
  await settled();
  const first = ['lookup', 'judge', 'written'];
  const judgedAsRead = ['lookup', 'judge', 'lookup', 'judge', 'lookup', 'judge', 'lookup', 'judge'];
  const fourWritten = ['written', 'written', 'written', 'written'];
  assert.deepEqual(log, [...first, ...judgedAsRead, ...fourWritten, 'lookup', 'judge', 'written']);
  assert.deepEqual(
    results[0]?.rewards.map((r) => r.reward),
    [0.7, 0.7, 0.7, 0.7, 0.7, 0.7],
  );
  close();
});

test('without room for the whole group, all images are read first and only the misses are admitted', async () => {
  // One slot and two waiting places: four edits would not fit, but three are answered by the cache.
  const { service, log, edits, request, close } = await loggingService({ concurrency: 1, queueDepth: 2 });
  const signal = new AbortController().signal;
  await service.rewards(request(edits.slice(0, 3)), signal);
  await settled();
  log.length = 0;
  const { results } = await service.rewards(request(edits.slice(0, 4)), signal);
  await settled();
  assert.deepEqual(log, ['lookup', 'lookup', 'lookup', 'lookup', 'judge', 'written']);
  assert.deepEqual(
    results[0]?.rewards.map((r) => r.reward),
    [0.7, 0.7, 0.7, 0.7],
  );
  // The same edits under another instruction are all new: four judgements for three places.
  await assert.rejects(
    service.rewards(request(edits.slice(0, 4), 'Make the red ball green'), signal),
    (error: unknown) => error instanceof HttpError && error.status === 413,
  );
  close();
});

test('an image refused after earlier edits were queued fails the request, naming the image', async () => {
  const { service, log, edits, request, close } = await loggingService();
  await assert.rejects(
    service.rewards(request([edits[0]!, edits[1]!, 'not an image']), new AbortController().signal),
    /items\[0\]\.edited\[2\]/,
  );
  await settled();
  assert.deepEqual(log, ['lookup', 'judge', 'written', 'lookup', 'judge', 'written']);
  close();
});

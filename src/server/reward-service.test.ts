import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Judge, Verdict } from '../core/index.js';
import { createJudgeAndDecomposer } from '../create-judge.js';
import { createMetrics } from './metrics.js';
import { DEFAULT_LIMITS } from './options.js';
import { createRewardCache } from './reward-cache.js';
import { createRewardService } from './reward-service.js';
import type { RewardsRequest } from './schemas.js';
import { PRINCIPLES, RECOLOUR, sceneDataUrl } from './test-fixtures.js';

// A collector to call, so that the test can see what is still reachable.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

test('a request whose edits wait for the judge is not kept: its images are held as bytes alone', async () => {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let started!: () => void;
  const judging = new Promise<void>((resolve) => (started = resolve));
  const { decomposer } = createJudgeAndDecomposer({});
  const verdict: Verdict = {
    points: PRINCIPLES.map((p) => ({ ...p, score: 1, reason: 'holds' })),
    averageScore: 1,
    finalScore: 8,
    trace: '<score>8</score>',
    judge: 'held',
    rulesApplied: [],
    verifiedShare: 1,
    latencyMs: 0,
  };
  // Holds each edit until released, as a judge waiting on its VLM would.
  const held: Judge = {
    id: 'held',
    judge: async () => {
      started();
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
  const [source, edited] = await Promise.all([sceneDataUrl('#d03030'), sceneDataUrl('#3050d0')]);
  let requestRef: WeakRef<RewardsRequest> | undefined;
  // Made where the test keeps no reference to it, as a route handing on a parsed body does.
  const sent = (): RewardsRequest => {
    const request = { items: [{ source, edited: [edited], instruction: RECOLOUR, principles: PRINCIPLES }] };
    requestRef = new WeakRef(request);
    return request;
  };
  const answer = service.rewards(sent(), new AbortController().signal);
  await judging;
  collectGarbage();
  assert.ok(requestRef, 'the request was made');
  assert.equal(requestRef.deref(), undefined, 'the request (and its image strings) outlived the loading');
  release();
  const { results } = await answer;
  assert.equal(results[0]?.rewards.length, 1);
  assert.equal(results[0]?.rewards[0]?.reward, 0.8);
  cache.close();
});

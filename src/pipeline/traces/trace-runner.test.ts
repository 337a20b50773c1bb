import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConfigError, type Principle } from '../../core/index.js';
import { parseJudgeReply, systemPrompt } from '../../rrm/index.js';
import { startStandIn, type StandIn, type StandInResponse } from '../../testing/index.js';
import type { TracePayload } from '../types.js';
import type { BackendConfig } from './backend-config.js';
import { CHECKED_PRINCIPLES, writeSquareEdit } from './test-images.js';
import { createTraceRunner } from './trace-runner.js';
import { UnitError } from './unit-error.js';

let dir: string;
let images: Awaited<ReturnType<typeof writeSquareEdit>>;
const servers: StandIn[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'traces-'));
  images = await writeSquareEdit(dir);
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

function payload(overrides: Partial<TracePayload> = {}): TracePayload {
  return {
    inputId: 'in-1',
    quadrupleId: 'q-1',
    source: images.source,
    edited: images.edited,
    instruction: 'Make the square blue',
    principles: CHECKED_PRINCIPLES,
    member: 0,
    backend: 'qwen',
    model: 'qwen-vl',
    promptVariant: 'strict',
    temperature: 0.7,
    sampleIndex: 0,
    ...overrides,
  };
}

/** A rejection's UnitError failure (fails the test when it is anything else). */
async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => assert.fail('expected the run to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof UnitError, `expected a UnitError, got ${String(error)}`);
  return error.failure;
}

const REPLY = [
  'The square turned from yellow to blue; the image is not brighter; the rest is unchanged; no border.',
  '```json',
  JSON.stringify(CHECKED_PRINCIPLES.map((p, i) => ({ question: p.question, score: i === 1 ? 0 : 1 }))),
  '```',
  '{"average_score": 0.75}',
  '<score>7</score>',
].join('\n');

async function openaiRunner(respond: readonly StandInResponse[], extra: Record<string, BackendConfig> = {}) {
  const server = await startStandIn({ respond, recordBodies: true, model: 'qwen-vl' });
  servers.push(server);
  const backends: Record<string, BackendConfig> = {
    qwen: { type: 'openai', baseURL: server.baseURL, maxRetries: 0 },
    ...extra,
  };
  return { server, runner: createTraceRunner(backends) };
}

describe('trace runner: openai backends', () => {
  it("keeps the model's reply as the trace, with the member's prompt variant, temperature and the unit seed", async () => {
    const { server, runner } = await openaiRunner([REPLY]);
    const result = await runner.run(payload(), { seed: 1234 });
    assert.equal(result.trace, REPLY);
    assert.deepEqual(
      result.points.map((p) => p.score),
      [1, 0, 1, 1],
    );
    assert.equal(result.averageScore, 0.75);
    assert.equal(result.finalScore, 7);
    assert.ok(result.usage && result.usage.completionTokens > 0, 'usage is passed on');
    const body = server.requests[0]!.body!;
    assert.equal(body.temperature, 0.7);
    assert.equal(body.seed, 1234);
    assert.equal(body.model, 'qwen-vl');
    assert.deepEqual(body.messages![0], { role: 'system', content: systemPrompt('strict') });
  });

  it('a reply that does not parse fails the unit with reason parse, the raw text, retryable', async () => {
    const garbled = 'I think the edit is fine overall.';
    const { runner } = await openaiRunner([garbled]);
    const failure = await failureOf(runner.run(payload(), { seed: 1 }));
    assert.equal(failure.reason, 'parse');
    assert.equal(failure.raw, garbled);
    assert.equal(failure.retryable, true);
    assert.match(failure.message, /no final score/);
  });

  it('parses strictly by default: a pseudo-JSON list is a parse failure, not a repaired trace', async () => {
    const pseudo = REPLY.replace(/"question"/g, "'question'");
    const { runner } = await openaiRunner([pseudo]);
    const failure = await failureOf(runner.run(payload(), { seed: 1 }));
    assert.equal(failure.reason, 'parse');
    assert.match(failure.message, /strict mode/);
  });

  it('backend failures carry the backend retryability: 400 is final, 503 may be retried', async () => {
    const { runner } = await openaiRunner([{ error: 400 }, { error: 503 }]);
    const bad = await failureOf(runner.run(payload(), { seed: 1 }));
    assert.deepEqual([bad.reason, bad.retryable], ['backend', false]);
    const down = await failureOf(runner.run(payload(), { seed: 1 }));
    assert.deepEqual([down.reason, down.retryable], ['backend', true]);
  });

  it('a missing image fails with reason image, not retryable, before any request', async () => {
    const { server, runner } = await openaiRunner([REPLY]);
    const failure = await failureOf(runner.run(payload({ edited: join(dir, 'nope.png') }), { seed: 1 }));
    assert.deepEqual([failure.reason, failure.retryable], ['image', false]);
    assert.equal(server.requests.length, 0);
  });

  it('an unknown backend or prompt variant is an invalid unit, not retryable, naming what to fix', async () => {
    const { runner } = await openaiRunner([]);
    const noBackend = await failureOf(runner.run(payload({ backend: 'gone', member: 2 }), { seed: 1 }));
    assert.equal(noBackend.reason, 'invalid-unit');
    assert.equal(noBackend.retryable, false);
    assert.match(noBackend.message, /tracePool\[2\]\.backend: no backend named "gone" \(configured: qwen\)/);
    const noVariant = await failureOf(runner.run(payload({ promptVariant: 'sloppy' }), { seed: 1 }));
    assert.equal(noVariant.reason, 'invalid-unit');
    assert.match(noVariant.message, /unknown promptVariant "sloppy": use one of standard, strict, concise/);
  });
});

describe('trace runner: embedded backends', () => {
  const backends: Record<string, BackendConfig> = {
    embedded: { type: 'embedded' },
    never: { type: 'embedded-noisy', flip: 0 },
    always: { type: 'embedded-noisy', flip: 1 },
    half: { type: 'embedded-noisy', flip: 0.5, seed: 3 },
  };
  const runner = createTraceRunner(backends);

  it('embedded: the verdict as an RRM-format trace, read back to the same points', async () => {
    const result = await runner.run(payload({ backend: 'embedded' }), { seed: 1 });
    assert.deepEqual(
      result.points.map((p) => p.score),
      [1, 0, 1, 1],
    );
    // IF 1/2, FP 1/1, IQ 1/1: 10 x (0.6 x 0.5 + 0.25 + 0.15) / 1.0 = 7 (embedded final-score.ts).
    assert.equal(result.finalScore, 7);
    assert.equal(result.averageScore, 0.75);
    assert.match(result.trace, /^Embedded judge \(offline, pixels and OCR\): verified 4 of 4 principles/);
    assert.match(result.trace, /```json\n\[\n {2}\{"question":"Did the image change\?"/);
    assert.match(result.trace, /\{"average_score":0\.75\}\n\n<score>7<\/score>$/);
    const parsed = parseJudgeReply(result.trace, CHECKED_PRINCIPLES, { mode: 'strict' });
    assert.deepEqual(parsed.points, result.points);
    assert.equal(result.usage, undefined);
  });

  it('a principle the embedded judge cannot verify fails the unit as unverifiable, not retryable', async () => {
    const principles: Principle[] = [
      ...CHECKED_PRINCIPLES,
      { question: 'Is the square a nice blue?', category: 'instruction-following' },
    ];
    for (const backend of ['embedded', 'half']) {
      const failure = await failureOf(runner.run(payload({ backend, principles }), { seed: 1 }));
      assert.deepEqual([failure.reason, failure.retryable], ['unverifiable', false]);
      assert.match(
        failure.message,
        /could not verify 1 of 5 principles \(e\.g\. "Is the square a nice blue\?"\)/,
      );
    }
  });

  it('noisy, flip 0: the embedded points, with the share-passed score (3 of 4 -> 7.5)', async () => {
    const result = await runner.run(payload({ backend: 'never' }), { seed: 1 });
    assert.deepEqual(
      result.points.map((p) => p.score),
      [1, 0, 1, 1],
    );
    assert.equal(result.finalScore, 7.5);
    assert.match(result.trace, /Passed 3 of 4: 10 x 3\/4, to the nearest half, is 7\.5\./);
  });

  it('noisy, flip 1: every point flipped, reasons rewritten to match (1 of 4 -> 2.5)', async () => {
    const result = await runner.run(payload({ backend: 'always' }), { seed: 1 });
    assert.deepEqual(
      result.points.map((p) => [p.score, p.reason]),
      [
        [0, 'The edited image does not clearly satisfy this, so it scores 0.'],
        [1, 'The edited image appears to satisfy this.'],
        [0, 'The edited image does not clearly satisfy this, so it scores 0.'],
        [0, 'The edited image does not clearly satisfy this, so it scores 0.'],
      ],
    );
    assert.equal(result.finalScore, 2.5);
  });

  it('noisy: the same seeds give the same trace; other unit seeds give other flips', async () => {
    const first = await runner.run(payload({ backend: 'half' }), { seed: 42 });
    const again = await runner.run(payload({ backend: 'half' }), { seed: 42 });
    assert.deepEqual(again, first);
    const patterns = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const result = await runner.run(payload({ backend: 'half' }), { seed });
      patterns.add(result.points.map((p) => p.score).join(''));
    }
    // 16 patterns are possible at flip 0.5; 40 seeds reach many of them.
    assert.ok(patterns.size >= 8, `only ${patterns.size} flip patterns over 40 seeds`);
  });

  it('noisy: a white-bordered edit stays 0 whatever the flips', async () => {
    for (const backend of ['never', 'always', 'half']) {
      const result = await runner.run(payload({ backend, edited: images.bordered }), { seed: 5 });
      assert.equal(result.finalScore, 0, backend);
      assert.match(result.trace, /Hard rule: the edit adds a white border .*; the final score is 0\./);
    }
  });

  it('refuses a flip outside 0-1 when the runner is made, naming the field', () => {
    assert.throws(
      () => createTraceRunner({ n: { type: 'embedded-noisy', flip: 1.5 } }),
      (error: unknown) =>
        error instanceof ConfigError &&
        /backends\.n\.flip: expected a probability from 0 to 1/.test(error.message),
    );
  });
});

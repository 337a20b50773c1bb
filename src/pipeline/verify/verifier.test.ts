import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { ConfigError, type Principle } from '../../core/index.js';
import { startStandIn, type StandIn, type StandInResponse } from '../../testing/index.js';
import { UnitError } from '../traces/index.js';
import type { GoldLabel, VerifyPayload } from '../types.js';
import { createVerifier } from './verifier.js';
import { VERIFIER_SYSTEM_PROMPT } from './verifier-prompt.js';

const PRINCIPLES: Principle[] = [
  { question: 'Is the cup red?', category: 'instruction-following' },
  { question: 'Is the table unchanged?', category: 'feature-preservation' },
];

let dir: string;
let source: string;
let edited: string;
const servers: StandIn[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'verify-'));
  source = join(dir, 'source.png');
  edited = join(dir, 'edited.png');
  const image = (r: number) =>
    sharp({ create: { width: 64, height: 48, channels: 3, background: { r, g: 90, b: 40 } } })
      .png()
      .toBuffer();
  await writeFile(source, await image(30));
  await writeFile(edited, await image(220));
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

function payload(overrides: Partial<VerifyPayload> = {}): VerifyPayload {
  return {
    inputId: 'in-1',
    quadrupleId: 'q-1',
    source,
    edited,
    instruction: 'Make the cup red',
    principles: PRINCIPLES,
    references: [
      {
        key: 'k1',
        member: 0,
        points: [
          { question: 'Is the cup red?', category: 'instruction-following', score: 1 },
          { question: 'Is the table unchanged?', category: 'feature-preservation', score: 1 },
        ],
      },
    ],
    ...overrides,
  };
}

const GOLD = {
  gold: [
    { question: 'Is the cup red?', gold: 1, reason: 'The cup is red.' },
    { question: 'Is the table unchanged?', gold: 0, reason: 'The table lost a leg.' },
  ],
};

async function verifierFor(respond: readonly StandInResponse[], temperature?: number) {
  const server = await startStandIn({ respond, recordBodies: true, model: 'judge-vl' });
  servers.push(server);
  const verifier = createVerifier(
    {
      type: 'vlm',
      backend: 'qwen',
      model: 'judge-vl',
      ...(temperature === undefined ? {} : { temperature }),
    },
    { qwen: { type: 'openai', baseURL: server.baseURL, maxRetries: 0 }, embedded: { type: 'embedded' } },
  );
  return { server, verifier };
}

async function failureOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => assert.fail('expected verify to fail'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof UnitError, `expected a UnitError, got ${String(error)}`);
  return error.failure;
}

describe('VLM verifier over HTTP', () => {
  it('well-formed: gold labels and usage; the request carries the prompt, both images, temperature 0 and the seed', async () => {
    const { server, verifier } = await verifierFor([JSON.stringify(GOLD)]);
    const result = await verifier.verify(payload(), { seed: 77 });
    assert.deepEqual(result.gold, GOLD.gold as GoldLabel[]);
    assert.ok(result.usage && result.usage.promptTokens > 0);
    const body = server.requests[0]!.body!;
    assert.equal(body.temperature, 0);
    assert.equal(body.seed, 77);
    assert.equal(body.model, 'judge-vl');
    const [system, user] = body.messages as { role: string; content: unknown }[];
    assert.deepEqual(system, { role: 'system', content: VERIFIER_SYSTEM_PROMPT });
    const parts = user!.content as { type: string; image_url?: { url: string }; text?: string }[];
    assert.equal(parts.filter((p) => p.type === 'image_url').length, 2);
    assert.ok(parts.every((p) => p.type !== 'image_url' || p.image_url!.url.startsWith('data:image/')));
    assert.match(parts.at(-1)!.text!, /"predictions": \[\n\s+\{\n\s+"trace": 1,\n\s+"answer": 1/);
  });

  it('fenced with prose around it, at the configured temperature', async () => {
    const reply = `Here you go:\n\`\`\`json\n${JSON.stringify(GOLD, null, 2)}\n\`\`\`\nHope that helps.`;
    const { server, verifier } = await verifierFor([reply], 0.3);
    const result = await verifier.verify(payload());
    assert.deepEqual(
      result.gold.map((g) => g.gold),
      [1, 0],
    );
    assert.equal(server.requests[0]!.body!.temperature, 0.3);
  });

  it('bad replies fail the unit with their reason and raw text, retryable', async () => {
    const wrongLength = JSON.stringify({ gold: GOLD.gold.slice(0, 1) });
    const goldTwo = JSON.stringify(GOLD).replace('"gold":0', '"gold":2');
    const prose = 'The cup is red, but the table changed.';
    const refusal = "I'm sorry, but I can't assess these images.";
    const cases: [string, string, RegExp][] = [
      [wrongLength, 'wrong-length', /labelled 1 principles; there are 2/],
      [goldTwo, 'parse', /gold\[1\]\.gold is 2: expected the number 0 or 1/],
      [prose, 'parse', /no JSON object with a "gold" list/],
      [refusal, 'parse', /the verifier declined/],
    ];
    const { verifier } = await verifierFor(cases.map(([reply]) => reply));
    for (const [reply, reason, message] of cases) {
      const failure = await failureOf(verifier.verify(payload()));
      assert.equal(failure.reason, reason, reply);
      assert.match(failure.message, message);
      assert.equal(failure.raw, reply);
      assert.equal(failure.retryable, true);
    }
  });

  it('a reply cut off at the token limit says to raise maxTokens', async () => {
    const cut = JSON.stringify(GOLD).slice(0, 40);
    const { verifier } = await verifierFor([{ reply: cut, finishReason: 'length' }]);
    const failure = await failureOf(verifier.verify(payload()));
    assert.equal(failure.reason, 'parse');
    assert.match(failure.message, /cut off at 2048 tokens: raise maxTokens/);
  });

  it('thinking returned apart from the answer is not read as labels, and is kept in the raw text of a failure', async () => {
    const separated = (message: Record<string, unknown>) => ({
      raw: JSON.stringify({
        choices: [{ message: { role: 'assistant', ...message }, finish_reason: 'stop' }],
      }),
    });
    // The thinking drafts labels that disagree with the answer's; a refusal after it fails the unit.
    const draft = JSON.stringify({ gold: GOLD.gold.map((g) => ({ ...g, gold: 1 - g.gold })) });
    const refusal = "I'm sorry, but I can't assess these images.";
    const { verifier } = await verifierFor([
      separated({ content: JSON.stringify(GOLD), reasoning: `Draft: ${draft}` }),
      separated({ content: refusal, reasoning: `Draft: ${draft}` }),
    ]);
    assert.deepEqual((await verifier.verify(payload())).gold, GOLD.gold as GoldLabel[]);
    const failure = await failureOf(verifier.verify(payload()));
    assert.match(failure.message, /the verifier declined/);
    assert.equal(failure.raw, `<think>\nDraft: ${draft}\n</think>\n\n${refusal}`);
  });

  it('a reply cut off while still thinking says to raise maxTokens once', async () => {
    const raw = JSON.stringify({
      choices: [{ message: { content: null, reasoning: 'Checking the cup first' }, finish_reason: 'length' }],
    });
    const { verifier } = await verifierFor([{ raw }]);
    const failure = await failureOf(verifier.verify(payload()));
    assert.equal(failure.message.match(/raise maxTokens/g)?.length, 1, failure.message);
    assert.match(failure.message, /ends inside its <think> block/);
  });

  it('backend and image failures: reasons backend (retryability from the backend) and image', async () => {
    const { server, verifier } = await verifierFor([{ error: 401 }]);
    const backend = await failureOf(verifier.verify(payload()));
    assert.deepEqual([backend.reason, backend.retryable], ['backend', false]);
    const image = await failureOf(verifier.verify(payload({ edited: join(dir, 'missing.png') })));
    assert.deepEqual([image.reason, image.retryable], ['image', false]);
    assert.equal(server.requests.length, 1);
  });

  it('refuses, when made, a backend that is missing or not openai, and a bad temperature', () => {
    const backends = { embedded: { type: 'embedded' } } as const;
    assert.throws(
      () => createVerifier({ type: 'vlm', backend: 'qwen', model: 'm' }, backends),
      (e: unknown) =>
        e instanceof ConfigError &&
        /backends\.qwen: no backend of that name \(configured: embedded\)/.test(e.message),
    );
    assert.throws(
      () => createVerifier({ type: 'vlm', backend: 'embedded', model: 'm' }, backends),
      (e: unknown) =>
        e instanceof ConfigError && /backends\.embedded: type embedded serves no chat model/.test(e.message),
    );
    assert.throws(
      () => createVerifier({ type: 'vlm', backend: 'embedded', model: 'm', temperature: 3 }, backends),
      (e: unknown) => e instanceof ConfigError && /verifier\.temperature/.test(e.message),
    );
  });
});

describe('oracle verifier', () => {
  const oracle = createVerifier({ type: 'oracle' }, {});

  it("returns the world's labels", async () => {
    const oracleGold: GoldLabel[] = [
      { question: 'Is the cup red?', gold: 0, reason: 'world: the cup is blue' },
      { question: 'Is the table unchanged?', gold: 1, reason: 'world: kept' },
    ];
    assert.deepEqual(await oracle.verify(payload({ oracleGold })), { gold: oracleGold });
  });

  it('fails with no-oracle (not retryable) when the quadruple carries none, and wrong-length on a mismatch', async () => {
    const none = await failureOf(oracle.verify(payload()));
    assert.deepEqual([none.reason, none.retryable], ['no-oracle', false]);
    assert.match(none.message, /quadruple q-1 has no oracle labels/);
    const short = await failureOf(
      oracle.verify(payload({ oracleGold: [{ question: 'x', gold: 1, reason: '' }] })),
    );
    assert.deepEqual([short.reason, short.retryable], ['wrong-length', false]);
  });
});

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { createOpenAICompatibleBackend } from '../backends/index.js';
import type { OpenAICompatibleOptions } from '../backends/index.js';
import type { Decomposer, JudgeInput } from '../core/index.js';
import { BackendError, ParseError, UsageError, VerdictSchema } from '../core/index.js';
import { loadImage, VlmImageEncoder } from '../images/index.js';
import { createRuleDecomposer } from '../principles/index.js';
import type { StandIn, StandInOptions, StandInResponse } from '../testing/index.js';
import { startStandIn } from '../testing/index.js';
import {
  FIXTURE_INSTRUCTION,
  FIXTURE_PRINCIPLES,
  readReplyFixture,
  REPLY_FIXTURES,
} from './__fixtures__/replies/index.js';
import { SampleParseError } from './sample-parse-error.js';
import type { VlmJudgeOptions } from './vlm-judge.js';
import { createVlmJudge } from './vlm-judge.js';
import { readRealEdits, realEditsSkip, withWhiteBorder } from '../testing/index.js';

const WIDTH = 256;
const HEIGHT = 192;

/** A textured scene (no flat edges, so no border of its own) with a red square whose left edge is at `squareX`. */
async function scene(squareX: number): Promise<Buffer> {
  const data = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const p = (y * WIDTH + x) * 3;
      const red = x >= squareX && x < squareX + 50 && y >= 60 && y < 110;
      data[p] = red ? 220 : (x * 7 + y * 3) % 200;
      data[p + 1] = red ? 20 : 40 + ((x * 2 + y * 5) % 150);
      data[p + 2] = red ? 30 : (x * x + y * 11) % 230;
    }
  }
  return sharp(data, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .png()
    .toBuffer();
}

let source: Buffer;
let edited: Buffer;
let bordered: Buffer;
let movedFurther: Buffer;
let server: StandIn | undefined;

before(async () => {
  source = await scene(30);
  edited = await scene(170);
  movedFurther = await scene(190);
  bordered = await withWhiteBorder(edited);
});

after(async () => {
  await server?.close();
});

/** A stand-in with these responses, and a judge talking to it over HTTP. */
async function serve(
  respond: StandInOptions['respond'],
  judgeOptions: Partial<VlmJudgeOptions> = {},
  backendOptions: Partial<OpenAICompatibleOptions> = {},
) {
  await server?.close();
  server = await startStandIn({ respond, recordBodies: true, model: 'qwen2.5-vl-7b' });
  const backend = createOpenAICompatibleBackend({
    baseURL: server.baseURL,
    model: 'qwen2.5-vl-7b',
    maxRetries: 2,
    sleep: async () => {},
    random: () => 0.5,
    ...backendOptions,
  });
  return { judge: createVlmJudge({ backend, ...judgeOptions }), standIn: server };
}

const input = (overrides: Partial<JudgeInput> = {}): JudgeInput => ({
  source,
  edited,
  instruction: FIXTURE_INSTRUCTION,
  principles: FIXTURE_PRINCIPLES,
  ...overrides,
});

const WELL_FORMED = () => readReplyFixture('well-formed.txt');

describe('VLM judge over HTTP: every recorded reply shape', () => {
  it('judges each fixture end to end into its expected verdict or a ParseError keeping the reply', async () => {
    const replies = REPLY_FIXTURES.map((f) => readReplyFixture(f.file));
    const { judge } = await serve(replies);
    for (const [i, fixture] of REPLY_FIXTURES.entries()) {
      const expected = fixture.tolerant;
      const outcome = await judge.judge(input()).then(
        (verdict) => ({ verdict }),
        (error: unknown) => ({ error }),
      );
      if ('error' in expected) {
        assert.ok('error' in outcome && outcome.error instanceof ParseError, `${fixture.file}: a ParseError`);
        assert.equal((outcome.error as ParseError).raw, replies[i], `${fixture.file}: raw kept`);
        continue;
      }
      assert.ok('verdict' in outcome, `${fixture.file}: ${String((outcome as { error: unknown }).error)}`);
      const verdict = VerdictSchema.parse(outcome.verdict);
      assert.equal(verdict.finalScore, expected.finalScore, fixture.file);
      assert.deepEqual(
        verdict.points.map((p) => p.score),
        expected.points,
        fixture.file,
      );
      assert.equal(verdict.trace, replies[i]);
      assert.equal(
        verdict.warnings?.length ?? 0,
        expected.warnings.length,
        `${fixture.file}: warnings reported`,
      );
      assert.deepEqual(verdict.rulesApplied, []);
      const scored = expected.points.filter((s) => s !== null);
      assert.equal(verdict.verifiedShare, scored.length / expected.points.length);
      assert.equal(
        verdict.averageScore,
        scored.length === 0 ? null : scored.reduce<number>((s, x) => s + x, 0) / scored.length,
      );
    }
  });
});

describe('VLM judge: the request and the verdict', () => {
  it('sends the labelled images source first, the settings, and reads logprobs into expectedScore', async () => {
    const reply = WELL_FORMED().replace('<score>9</score>', '<score>8</score>');
    // At "8": 8 (0.5), 7 (0.375), 10 (0.125) -> 4 + 2.625 + 1.25 = 7.875.
    const logprobs = [
      { token: '<score>', logprob: 0 },
      {
        token: '8',
        logprob: Math.log(0.5),
        top: [
          { token: '8', logprob: Math.log(0.5) },
          { token: '7', logprob: Math.log(0.375) },
          { token: '10', logprob: Math.log(0.125) },
        ],
      },
      { token: '</score>', logprob: 0 },
    ];
    const clock = [1000, 1250];
    const { judge, standIn } = await serve([{ reply, logprobs }], {
      logprobs: { top: 3 },
      maxTokens: 1500,
      now: () => clock.shift()!,
    });
    const verdict = await judge.judge(input(), { seed: 7 });
    assert.equal(verdict.finalScore, 8);
    assert.ok(Math.abs(verdict.expectedScore! - 7.875) < 1e-12);
    assert.equal(verdict.judge, 'vlm:qwen2.5-vl-7b');
    assert.equal(verdict.latencyMs, 250);
    assert.ok(verdict.usage && verdict.usage.completionTokens > 0);

    const body = standIn.requests[0]!.body!;
    assert.ok(body.n === undefined || body.n === 1, 'one sample asked for');
    assert.equal(body.temperature, 0);
    assert.equal(body.max_tokens, 1500);
    assert.equal(body.seed, 7);
    assert.equal(body.logprobs, true);
    assert.equal(body.top_logprobs, 3);
    const [system, user] = body.messages as { role: string; content: unknown }[];
    assert.equal(system!.role, 'system');
    const parts = user!.content as { type: string; text?: string; image_url?: { url: string } }[];
    const kinds = parts.map((p) => (p.type === 'text' ? p.text!.split(' (')[0] : p.type));
    assert.deepEqual(kinds.slice(0, 4), ['Source image', 'image_url', 'Edited image', 'image_url']);
    const sourceUrl = `data:image/png;base64,${source.toString('base64')}`;
    assert.equal(parts[1]!.image_url!.url, sourceUrl);
  });

  it('decomposes when the input brings no principles, and refuses when it cannot', async () => {
    let calls = 0;
    const decomposer: Decomposer = {
      id: 'fixed',
      decompose: async ({ instruction }) => {
        calls++;
        assert.equal(instruction, FIXTURE_INSTRUCTION);
        return FIXTURE_PRINCIPLES;
      },
    };
    const { judge } = await serve([WELL_FORMED()], { decomposer });
    const verdict = await judge.judge(input({ principles: undefined }));
    assert.equal(verdict.points.length, FIXTURE_PRINCIPLES.length);
    assert.equal(calls, 1);

    const bare = (await serve([WELL_FORMED()])).judge;
    await assert.rejects(bare.judge(input({ principles: undefined })), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /pass input\.principles, or give createVlmJudge a decomposer/);
      return true;
    });
  });

  it("judges against the rule decomposer's principles, in its order", async () => {
    const decomposer = createRuleDecomposer();
    const expected = await decomposer.decompose({ source, instruction: FIXTURE_INSTRUCTION });
    const { judge } = await serve([WELL_FORMED()], { decomposer });
    const verdict = await judge.judge(input({ principles: undefined }));
    assert.deepEqual(
      verdict.points.map((p) => [p.question, p.category]),
      expected.map((p) => [p.question, p.category]),
    );
    assert.equal(verdict.finalScore, 9);
  });

  it('encodes a source shared by several edits once', async () => {
    const encoder = new VlmImageEncoder({ maxSide: 128 });
    const { judge } = await serve([WELL_FORMED(), WELL_FORMED(), WELL_FORMED()], { encoder });
    for (const edit of [edited, movedFurther, bordered]) await judge.judge(input({ edited: edit }));
    // Every image is over 128 px, so each is re-encoded: 1 source + 3 edits; the source twice more from cache.
    assert.deepEqual(encoder.stats, { hits: 2, misses: 4, passthrough: 0 });
  });

  it('refuses bad input with typed errors', async () => {
    const { judge } = await serve([]);
    await assert.rejects(judge.judge(input({ instruction: ' ' })), UsageError);
    await assert.rejects(judge.judge(input({ principles: [] })), UsageError);
    await assert.rejects(judge.judge(input({ edited: Buffer.from('not an image') })), {
      name: 'InvalidImageError',
    });
    await assert.rejects(judge.sample(input(), 0), UsageError);
  });
});

describe('VLM judge: admission of many calls at once', () => {
  it('keeps at most maxPending calls between start and verdict, whatever the backend allows', async () => {
    const { judge, standIn } = await serve(
      (_request) => ({ reply: WELL_FORMED(), delayMs: 100 }),
      { maxPending: 2 },
      { concurrency: 8 },
    );
    const verdicts = await Promise.all(Array.from({ length: 6 }, () => judge.judge(input())));
    assert.equal(verdicts.length, 6);
    assert.equal(standIn.requests.length, 6);
    assert.equal(standIn.inFlightMax, 2);
  });

  it('sends a call with loaded images and given principles before judge() returns; the next when a slot frees', async () => {
    const sent: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const completion = {
      id: 'c',
      object: 'chat.completion',
      created: 0,
      model: 'qwen2.5-vl-7b',
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: WELL_FORMED() } }],
    };
    const backend = createOpenAICompatibleBackend({
      baseURL: 'http://127.0.0.1:9/v1',
      model: 'qwen2.5-vl-7b',
      concurrency: 1,
      fetch: async (url) => {
        sent.push(String(url));
        await held;
        return Response.json(completion);
      },
    });
    const judge = createVlmJudge({ backend });
    const [loadedSource, loadedEdit] = await Promise.all([loadImage(source), loadImage(edited)]);
    const call = () => judge.judge(input({ source: loadedSource.bytes, edited: loadedEdit.bytes }));
    const first = call();
    assert.deepEqual(sent, ['http://127.0.0.1:9/v1/chat/completions'], 'sent in the caller’s turn');
    const second = call();
    assert.equal(sent.length, 1, 'the second waits for the one backend slot');
    release();
    const verdicts = await Promise.all([first, second]);
    assert.equal(sent.length, 2);
    assert.deepEqual(
      verdicts.map((v) => v.finalScore),
      [verdicts[0]!.finalScore, verdicts[0]!.finalScore],
    );
    // Images to be read first (a path here) go out later, after their load.
    const fromBytes = judge.judge(input());
    assert.equal(sent.length, 2, 'images given as raw bytes are loaded before the request');
    await fromBytes;
    assert.equal(sent.length, 3);
  });

  it('refuses a maxPending that is not a positive integer', async () => {
    await assert.rejects(serve([], { maxPending: 0 }), UsageError);
  });
});

describe('VLM judge: reasoning a server returns apart from the answer', () => {
  /** A completion as vLLM or SGLang sends it with a reasoning parser: the thinking in its own field. */
  const separated = (message: Record<string, unknown>, finishReason = 'stop') => ({
    raw: JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      model: 'qwen2.5-vl-7b',
      choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
    }),
  });
  // A draft score in the thinking: the verdict must come from the answer alone.
  const thought =
    'The cup moved left of the remote; the pen is gone. First guess <score>2</score>, checking again.';

  for (const field of ['reasoning', 'reasoning_content']) {
    it(`keeps \`${field}\` in the trace, in a <think> block before the answer, and scores the answer`, async () => {
      const { judge } = await serve([separated({ content: WELL_FORMED(), [field]: thought })]);
      const verdict = await judge.judge(input());
      assert.equal(verdict.trace, `<think>\n${thought}\n</think>\n\n${WELL_FORMED()}`);
      assert.equal(verdict.finalScore, 9);
      assert.deepEqual(
        verdict.points.map((p) => p.score),
        [1, 1, 1, 1, 1],
      );
    });
  }

  it('prefers `reasoning` when a server sends both names, and ignores a reasoning that is not text', async () => {
    const { judge } = await serve([
      separated({ content: WELL_FORMED(), reasoning: 'new name', reasoning_content: 'old name' }),
      separated({ content: WELL_FORMED(), reasoning: { steps: [] } }),
    ]);
    assert.match((await judge.judge(input())).trace, /^<think>\nnew name\n<\/think>/);
    assert.equal((await judge.judge(input())).trace, WELL_FORMED());
  });

  it('a reply cut off while thinking is a ParseError that says to raise maxTokens and keeps the thinking', async () => {
    const { judge } = await serve([separated({ content: null, reasoning: thought }, 'length')]);
    const error = await judge.judge(input()).then(
      () => assert.fail('expected a ParseError'),
      (caught: unknown) => caught,
    );
    assert.ok(error instanceof ParseError);
    assert.match(error.message, /raise maxTokens/);
    assert.equal(error.raw, `<think>\n${thought}`);
  });
});

describe('VLM judge: hard rules over the reply', () => {
  it('scores an edit identical to its source 0, whatever the reply said', async () => {
    const { judge } = await serve([WELL_FORMED()]);
    const verdict = await judge.judge(input({ edited: Buffer.from(source) }));
    assert.equal(verdict.finalScore, 0);
    assert.deepEqual(
      verdict.rulesApplied.map((r) => [r.rule, r.scoreBefore]),
      [['near-identical', 9]],
    );
  });

  it('scores a white-bordered edit 0', async () => {
    const { judge } = await serve([WELL_FORMED()]);
    const verdict = await judge.judge(input({ edited: bordered }));
    assert.equal(verdict.finalScore, 0);
    assert.deepEqual(
      verdict.rulesApplied.map((r) => r.rule),
      ['white-border'],
    );
  });

  it('sets the expected score to 0 too when a rule applies', async () => {
    const logprobs = [
      { token: '<score>', logprob: 0 },
      { token: '9', logprob: 0, top: [{ token: '9', logprob: 0 }] },
    ];
    const { judge } = await serve([{ reply: WELL_FORMED(), logprobs }], { logprobs: { top: 2 } });
    const verdict = await judge.judge(input({ edited: Buffer.from(source) }));
    assert.equal(verdict.expectedScore, 0);
  });
});

describe('VLM judge: N samples', () => {
  const good = (score: number) => WELL_FORMED().replace('<score>9</score>', `<score>${score}</score>`);

  it('keeps a garbled choice as a failure with its raw text, and summarises the rest', async () => {
    let calls = 0;
    const decomposer: Decomposer = {
      id: 'fixed',
      decompose: async () => (calls++, FIXTURE_PRINCIPLES),
    };
    const garbled = 'The cup moved. {{{ [score';
    const { judge, standIn } = await serve(
      [
        {
          reply: [good(8), good(6), garbled, good(7)],
          usage: { prompt_tokens: 1001, completion_tokens: 42 },
        },
      ],
      { decomposer },
    );
    const set = await judge.sample(input({ principles: undefined }), 4, { seed: 3 });
    assert.equal(calls, 1);
    assert.equal(standIn.requests.length, 1);
    assert.equal(standIn.requests[0]!.n, 4);
    assert.equal(standIn.requests[0]!.body!.temperature, 0.7);
    assert.deepEqual(
      set.verdicts.map((v) => v.finalScore),
      [8, 6, 7],
    );
    assert.equal(set.failures.length, 1);
    assert.equal(set.failures[0]!.index, 2);
    assert.equal(set.failures[0]!.raw, garbled);
    assert.match(set.failures[0]!.error, /final score/);
    assert.deepEqual(set.summary, {
      n: 4,
      parsed: 3,
      failedShare: 0.25,
      mean: 7,
      median: 7,
      std: Math.sqrt(2 / 3),
      min: 6,
      max: 8,
    });
    assert.deepEqual(set.principles, FIXTURE_PRINCIPLES);
    // Usage shared evenly over the 4 choices: 251+250+250 of 1001 prompt tokens on the 3 parsed ones.
    assert.deepEqual(
      set.verdicts.map((v) => v.usage!.promptTokens),
      [251, 250, 250],
    );
  });

  it('gets N samples from a server that ignores n (the backend asks again)', async () => {
    const { judge, standIn } = await serve(() => ({ reply: good(5), n: 'ignore' }));
    const set = await judge.sample(input(), 3);
    assert.equal(set.verdicts.length, 3);
    assert.equal(standIn.requests.length, 3);
  });

  it('throws a ParseError keeping every raw reply when no sample parses', async () => {
    const { judge } = await serve([{ reply: ["I'm sorry, I can't help with that.", ''] }]);
    await assert.rejects(judge.sample(input(), 2), (error: unknown) => {
      assert.ok(error instanceof SampleParseError && error instanceof ParseError);
      assert.deepEqual(
        error.failures.map((f) => f.raw),
        ["I'm sorry, I can't help with that.", ''],
      );
      assert.ok(error.raw.includes("I'm sorry, I can't help with that."));
      return true;
    });
  });
});

describe('VLM judge: backend failures', () => {
  const ok: StandInResponse = WELL_FORMED();

  it('retries a 429 with retry-after, then scores', async () => {
    const { judge, standIn } = await serve([{ error: 429, headers: { 'retry-after': '1' } }, ok]);
    assert.equal((await judge.judge(input())).finalScore, 9);
    assert.equal(standIn.requests.length, 2);
  });

  it('retries a 500, then scores', async () => {
    const { judge, standIn } = await serve([{ error: 500 }, ok]);
    assert.equal((await judge.judge(input())).finalScore, 9);
    assert.equal(standIn.requests.length, 2);
  });

  it('retries an invalid JSON body, then scores; gives up with a BackendError when it persists', async () => {
    const retried = await serve([{ raw: '{"choices": [' }, ok]);
    assert.equal((await retried.judge.judge(input())).finalScore, 9);
    const failing = await serve(() => ({ raw: 'not json at all' }), {}, { maxRetries: 1 });
    await assert.rejects(failing.judge.judge(input()), (error: unknown) => {
      assert.ok(error instanceof BackendError);
      assert.equal(failing.standIn.requests.length, 2);
      return true;
    });
  });

  it('turns a timeout into a retryable BackendError, and retries it when allowed', async () => {
    const hung = await serve([{ hang: true }], {}, { timeoutMs: 200, maxRetries: 0 });
    await assert.rejects(hung.judge.judge(input()), (error: unknown) => {
      assert.ok(error instanceof BackendError);
      assert.equal(error.status, undefined);
      assert.equal(error.retryable, true);
      return true;
    });
    const retried = await serve([{ hang: true }, ok], {}, { timeoutMs: 200, maxRetries: 1 });
    assert.equal((await retried.judge.judge(input())).finalScore, 9);
  });

  it('turns a refused connection into a BackendError', async () => {
    const { standIn } = await serve([]);
    const baseURL = standIn.baseURL;
    await standIn.close();
    server = undefined;
    const backend = createOpenAICompatibleBackend({
      baseURL,
      model: 'm',
      maxRetries: 1,
      sleep: async () => {},
    });
    await assert.rejects(createVlmJudge({ backend }).judge(input()), (error: unknown) => {
      assert.ok(error instanceof BackendError);
      assert.equal(error.status, undefined);
      return true;
    });
  });
});

describe('VLM judge on real photos', { skip: realEditsSkip }, () => {
  it('leaves a genuine edit to the reply, and zeroes the unedited source', async () => {
    const row = readRealEdits().find((r) => r.task === 'whatsup')!;
    const { judge } = await serve([WELL_FORMED(), WELL_FORMED()]);
    const real = { source: row.source, instruction: row.instruction, principles: FIXTURE_PRINCIPLES };
    const genuine = await judge.judge({ ...real, edited: row.target });
    assert.equal(genuine.finalScore, 9);
    assert.deepEqual(genuine.rulesApplied, []);
    const unedited = await judge.judge({ ...real, edited: row.source });
    assert.equal(unedited.finalScore, 0);
    assert.equal(unedited.rulesApplied[0]!.rule, 'near-identical');
  });
});

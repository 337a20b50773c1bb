import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { ConfigError } from './core/index.js';
import { createJudge, createJudgeAndDecomposer, type JudgeConfig } from './create-judge.js';
import { startStandIn } from './testing/index.js';

const square = (colour: string) =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
    .png()
    .toBuffer();

const PRINCIPLES = [{ question: 'Is the square blue?', category: 'instruction-following' as const }];
const REPLY =
  '1. Is the square blue? It is. Satisfied.\n```json\n[{"question": "Is the square blue?", "score": 1}]\n```\n' +
  '{"average_score": 1}\n<score>8</score>';

describe('createJudgeAndDecomposer: the backend registry', () => {
  test('builds the embedded judge with the rule decomposer by default', () => {
    const { judge, decomposer } = createJudgeAndDecomposer({});
    assert.equal(judge.id, 'embedded');
    assert.equal(decomposer.id, 'rule');
  });

  test('builds the VLM judge, with the VLM decomposer unless the rule one is asked for', () => {
    const config: JudgeConfig = { backend: 'openai', baseURL: 'http://localhost:8000/v1', model: 'qwen' };
    const vlm = createJudgeAndDecomposer(config);
    assert.equal(vlm.judge.id, 'vlm:qwen');
    assert.equal(vlm.decomposer.id, 'vlm:qwen');
    assert.equal(createJudgeAndDecomposer({ ...config, decomposer: 'rule' }).decomposer.id, 'rule');
  });

  test('the openai judge sends the key, retries as told and uses each temperature', async () => {
    const busy = { error: 503, headers: { 'retry-after-ms': '0' } };
    const server = await startStandIn({ respond: [busy, REPLY, REPLY], recordBodies: true });
    try {
      const judge = createJudge({
        backend: 'openai',
        baseURL: server.baseURL,
        model: 'qwen',
        apiKey: 'sk-registry-test',
        maxRetries: 1,
        temperature: 0.1,
        sampleTemperature: 0.9,
      });
      const input = {
        source: await square('#c03030'),
        edited: await square('#3030c0'),
        instruction: 'Make it blue',
      };
      const verdict = await judge.judge({ ...input, principles: PRINCIPLES });
      assert.equal(verdict.finalScore, 8);
      await judge.sample({ ...input, principles: PRINCIPLES }, 2);
      const [first, retried, sampled] = server.requests;
      assert.equal(server.requests.length, 3);
      assert.equal(first!.headers?.authorization, 'Bearer sk-registry-test');
      assert.equal(retried!.body?.temperature, 0.1);
      assert.equal(sampled!.body?.temperature, 0.9);
    } finally {
      await server.close();
    }
  });

  test('the openai judge decomposes a source and instruction once for a group of edits', async () => {
    const decomposition = JSON.stringify([
      ...['Is the square blue?', 'Is all of it blue?', 'Is the blue even?'].map((question) => ({
        question,
        category: 'Instruction Following',
      })),
      ...['Is the size kept?', 'Is the position kept?', 'Is the background kept?', 'Is the frame kept?'].map(
        (question) => ({ question, category: 'Feature Preservation' }),
      ),
      ...['Is it free of artefacts?', 'Is it sharp?', 'Are colours natural?'].map((question) => ({
        question,
        category: 'Image Quality',
      })),
    ]);
    const server = await startStandIn({
      // The judge's prompt asks for an average score; the decomposer's does not.
      respond: ({ body }) =>
        JSON.stringify(body.messages).includes('average_score') ? '<score>7</score>' : decomposition,
    });
    try {
      const judge = createJudge({ backend: 'openai', baseURL: server.baseURL, model: 'qwen' });
      const source = await square('#c03030');
      for (const colour of ['#3030c0', '#3040b0', '#2030d0']) {
        const verdict = await judge.judge({
          source,
          edited: await square(colour),
          instruction: 'Make it blue',
        });
        assert.equal(verdict.points.length, 10);
        assert.equal(verdict.finalScore, 7);
      }
      assert.equal(server.requests.length, 4, 'one decomposition and three judgements');
    } finally {
      await server.close();
    }
  });
});

test("the openai judge keeps all of a backend's slots busy: 32 allowed, 32 served at once", async () => {
  const server = await startStandIn({ respond: () => '<score>7</score>', delayMs: 150 });
  try {
    const judge = createJudge({ backend: 'openai', baseURL: server.baseURL, model: 'qwen', concurrency: 32 });
    const source = await square('#c03030');
    const edited = await square('#3030c0');
    const principles = [{ question: 'Is the square blue?', category: 'instruction-following' as const }];
    await Promise.all(
      Array.from({ length: 48 }, () =>
        judge.judge({ source, edited, instruction: 'Make it blue', principles }),
      ),
    );
    assert.equal(server.servingMax, 32);
  } finally {
    await server.close();
  }
});

describe('createJudgeAndDecomposer: bad settings are ConfigErrors that name them', () => {
  const cases: [string, JudgeConfig, RegExp][] = [
    ['an unknown backend', { backend: 'gpt' as 'openai' }, /'backend' \(--backend\)/],
    ['a negative timeout', { timeoutMs: -1 }, /'timeoutMs' \(--timeout\)/],
    ['a temperature over 2', { temperature: 3 }, /'temperature' \(--temperature\)/],
    ['a zero pixel limit', { imageLimits: { maxPixels: 0 } }, /'imageLimits\.maxPixels' \(--max-pixels\)/],
    ['a misspelt setting', { baseUrl: 'http://x' } as JudgeConfig, /baseUrl/],
    [
      'a base URL that is not http(s)',
      { backend: 'openai', baseURL: 'ftp://x', model: 'm' },
      /'baseURL' \(--base-url\)/,
    ],
    [
      'the openai backend without a base URL',
      { backend: 'openai', model: 'm' },
      /needs a server URL.*--base-url.*EDIT_R1_BASE_URL/,
    ],
    [
      'the openai backend without a model',
      { backend: 'openai', baseURL: 'http://localhost:8000/v1' },
      /--model/,
    ],
    [
      "retries over the backend's limit",
      { backend: 'openai', baseURL: 'http://localhost:8000/v1', model: 'm', maxRetries: 50 },
      /--max-retries/,
    ],
    ['the VLM decomposer without a VLM', { decomposer: 'vlm' }, /--decomposer vlm.*--backend openai/],
  ];
  for (const [what, config, message] of cases) {
    test(what, () => {
      assert.throws(
        () => createJudgeAndDecomposer(config),
        (error: unknown) => {
          assert.ok(error instanceof ConfigError, String(error));
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }
});

import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startStandIn, type StandInOptions } from '../testing/index.js';
import { runCli, writeRecolourEdit, RECOLOUR } from './cli-harness.js';

/** Given as --principles, in the paper's category names. */
const PRINCIPLES = [
  { question: 'Is the red ball now blue?', category: 'Instruction Following' },
  { question: 'Does the ball keep its shape and size?', category: 'Feature Preservation' },
  { question: 'Are the wall, floor and window unchanged?', category: 'Feature Preservation' },
  { question: 'Is the image free of artefacts and colour casts?', category: 'Image Quality' },
];

/** A reply in the paper's format (as rrm/__fixtures__/replies/well-formed.txt), for PRINCIPLES. */
function wellFormedReply(scores: (0 | 1)[], finalScore: number): string {
  const checks = PRINCIPLES.map(
    (p, i) =>
      `${i + 1}. ${p.question}\nChecked against the source. ${scores[i] ? 'Satisfied.' : 'Not satisfied.'}`,
  );
  const list = PRINCIPLES.map((p, i) => ({ question: p.question, score: scores[i] }));
  const average = scores.reduce<number>((a, b) => a + b, 0) / scores.length;
  return [
    'Let me check each principle in order.',
    ...checks,
    '```json',
    JSON.stringify(list, null, 2),
    '```',
    JSON.stringify({ average_score: average }),
    `The recolour is clean. <score>${finalScore}</score>`,
  ].join('\n\n');
}

let files: Awaited<ReturnType<typeof writeRecolourEdit>>;
let principlesFile: string;
before(async () => {
  files = await writeRecolourEdit();
  principlesFile = join(files.dir, 'principles.json');
  await writeFile(principlesFile, JSON.stringify(PRINCIPLES));
});
after(() => rm(files.dir, { recursive: true, force: true }));

function openaiArgs(baseURL: string, ...extra: string[]): string[] {
  return [
    'score',
    ...['--source', files.source, '--edited', files.edited, '--instruction', RECOLOUR],
    ...['--principles', principlesFile, '--backend', 'openai', '--base-url', baseURL],
    ...['--model', 'Qwen2.5-VL-7B-Instruct', '--max-retries', '0'],
    ...extra,
  ];
}

/** Runs the CLI against a stand-in serving `respond`, and closes it afterwards. */
async function withStandIn(
  options: StandInOptions,
  argv: (baseURL: string) => string[],
  env: NodeJS.ProcessEnv = {},
) {
  const server = await startStandIn(options);
  try {
    return { run: await runCli(argv(server.baseURL), env), server };
  } finally {
    await server.close();
  }
}

describe('edit-r1 score --backend openai', () => {
  test('parses a well-formed reply: final score, per-principle scores, categories', async () => {
    const reply = wellFormedReply([1, 1, 0, 1], 7.5);
    const { run, server } = await withStandIn({ respond: [reply] }, (url) => openaiArgs(url, '--json'));
    assert.equal(run.code, 0, run.err);
    assert.equal(server.requests.length, 1);
    const json = JSON.parse(run.out) as {
      finalScore: number;
      averageScore: number;
      judge: string;
      points: { question: string; category: string; score: number }[];
    };
    assert.equal(json.finalScore, 7.5);
    assert.equal(json.averageScore, 0.75);
    assert.equal(json.judge, 'vlm:Qwen2.5-VL-7B-Instruct');
    assert.deepEqual(
      json.points.map((p) => [p.category, p.score]),
      [
        ['instruction-following', 1],
        ['feature-preservation', 1],
        ['feature-preservation', 0],
        ['image-quality', 1],
      ],
    );
  });

  test('the table shows the VLM verdicts and the final score', async () => {
    const reply = wellFormedReply([1, 1, 0, 1], 7.5);
    const { run } = await withStandIn({ respond: [reply] }, (url) => openaiArgs(url));
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /Are the wall, floor and window unchanged\? +│ no +│/);
    assert.match(run.out, /Final score: 7\.50 \/ 10 .*judge vlm:Qwen2\.5-VL-7B-Instruct/);
  });

  test('--samples 3: samples.n, the scores list and the failures list', async () => {
    const replies = [
      wellFormedReply([1, 1, 1, 1], 9),
      wellFormedReply([1, 0, 1, 1], 6),
      'The edit looks fine to me.',
    ];
    const { run, server } = await withStandIn({ respond: [{ reply: replies }] }, (url) =>
      openaiArgs(url, '--json', '--samples', '3'),
    );
    assert.equal(run.code, 0, run.err);
    assert.equal(server.requests[0]!.n, 3);
    const json = JSON.parse(run.out) as {
      finalScore: number;
      samples: { n: number; parsed: number; scores: number[]; failures: { index: number; error: string }[] };
    };
    assert.equal(json.samples.n, 3);
    assert.equal(json.samples.parsed, 2);
    assert.deepEqual(json.samples.scores, [9, 6]);
    assert.deepEqual(
      json.samples.failures.map((f) => f.index),
      [2],
    );
    assert.match(json.samples.failures[0]!.error, /no final score/);
    assert.equal(json.finalScore, 7.5);
  });

  test('a reply with no score exits 3 with one line naming the parse failure', async () => {
    const { run } = await withStandIn({ respond: ['The ball is blue now, well done.'] }, (url) =>
      openaiArgs(url),
    );
    assert.equal(run.code, 3);
    assert.equal(run.out, '');
    const lines = run.err.trim().split('\n');
    assert.equal(lines.length, 1, run.err);
    assert.match(lines[0]!, /^edit-r1: unparseable model reply: no final score/);
  });

  test('a dead server exits 3 asking whether the server is running', async () => {
    const server = await startStandIn({ respond: [] });
    await server.close();
    const run = await runCli(openaiArgs(server.baseURL));
    assert.equal(run.code, 3);
    assert.equal(run.err.trim().split('\n').length, 1, run.err);
    assert.ok(run.err.includes(`is the server running at ${server.baseURL}?`), run.err);
  });

  test('--max-retries is passed through: 2 retries make 3 requests', async () => {
    const busy = { error: 503, headers: { 'retry-after-ms': '0' } };
    const { run, server } = await withStandIn({ respond: [busy, busy, busy] }, (url) =>
      openaiArgs(url, '--max-retries', '2'),
    );
    assert.equal(run.code, 3);
    assert.equal(server.requests.length, 3);
    assert.match(run.err, /after 3 attempts/);
  });
});

describe('edit-r1 score: the API key', () => {
  const KEY = 'sk-test-4f9a1c7e2b';
  const reply = wellFormedReply([1, 1, 1, 1], 9);

  test('--api-key-env MY_KEY sends that variable as the bearer token, and never prints it', async () => {
    const { run, server } = await withStandIn(
      { respond: [reply], recordBodies: true },
      (url) => openaiArgs(url, '--api-key-env', 'MY_KEY', '--json'),
      { MY_KEY: KEY, OPENAI_API_KEY: 'sk-not-this-one-000' },
    );
    assert.equal(run.code, 0, run.err);
    assert.equal(server.requests[0]!.headers?.authorization, `Bearer ${KEY}`);
    assert.ok(!run.out.includes(KEY) && !run.err.includes(KEY));
  });

  test('an unset variable is fine for a server that needs no key', async () => {
    const { run, server } = await withStandIn(
      { respond: [reply], recordBodies: true },
      (url) => openaiArgs(url, '--api-key-env', 'UNSET_KEY', '--json'),
      { OPENAI_API_KEY: KEY },
    );
    assert.equal(run.code, 0, run.err);
    assert.equal((JSON.parse(run.out) as { finalScore: number }).finalScore, 9);
    assert.ok(!String(server.requests[0]!.headers?.authorization).includes(KEY));
  });

  test('a server that echoes the key in its error: the message reaches stderr with the key masked', async () => {
    const echo = { error: 401, body: { error: { message: `Incorrect API key provided: ${KEY}` } } };
    for (const debug of [[], ['--debug']]) {
      const { run } = await withStandIn(
        { respond: [echo] },
        (url) => [...openaiArgs(url, '--api-key-env', 'MY_KEY'), ...debug],
        { MY_KEY: KEY },
      );
      assert.equal(run.code, 3);
      assert.match(run.err, /401 Incorrect API key provided: \[redacted\]/);
      assert.ok(!run.err.includes(KEY), run.err);
    }
  });

  test('--logprobs k asks the server for top logprobs and reports the expected score', async () => {
    const reply = wellFormedReply([1, 1, 1, 1], 8);
    // The score token "8" with alternatives 8 (0.5), 9 (0.25), 6 (0.25): expected 0.5*8 + 0.25*9 + 0.25*6 = 7.75
    const top = [
      { token: '8', logprob: Math.log(0.5) },
      { token: '9', logprob: Math.log(0.25) },
      { token: '6', logprob: Math.log(0.25) },
    ];
    const logprobs = [
      { token: '<score>', logprob: 0 },
      { token: '8', logprob: Math.log(0.5), top },
      { token: '</score>', logprob: 0 },
    ];
    const { run, server } = await withStandIn({ respond: [{ reply, logprobs }], recordBodies: true }, (url) =>
      openaiArgs(url, '--json', '--logprobs', '3'),
    );
    assert.equal(run.code, 0, run.err);
    const body = server.requests[0]!.body as { logprobs?: boolean; top_logprobs?: number };
    assert.deepEqual([body.logprobs, body.top_logprobs], [true, 3]);
    const json = JSON.parse(run.out) as { finalScore: number; expectedScore?: number };
    assert.equal(json.finalScore, 8);
    assert.ok(Math.abs(json.expectedScore! - 7.75) < 1e-9, String(json.expectedScore));
  });
});

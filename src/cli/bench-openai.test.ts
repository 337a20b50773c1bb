import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { startStandIn, type StandInResponse } from '../testing/index.js';
import { runCli, writeRecolourEdit } from './cli-harness.js';

const PRINCIPLES = [
  { question: 'Is the ball now a different colour?', category: 'Instruction Following' },
  { question: 'Are the wall, floor and window unchanged?', category: 'Feature Preservation' },
  { question: 'Is the image free of artefacts?', category: 'Image Quality' },
];

/** A reply in the paper's format for PRINCIPLES, every point met, with this final score. */
function reply(finalScore: number): string {
  const list = PRINCIPLES.map((p) => ({ question: p.question, score: 1 }));
  return [
    'Checked each principle against the source.',
    '```json',
    JSON.stringify(list),
    '```',
    '{"average_score": 1}',
    `<score>${finalScore}</score>`,
  ].join('\n');
}

let files: Awaited<ReturnType<typeof writeRecolourEdit>>;
let pairsFile: string;

before(async () => {
  files = await writeRecolourEdit();
  // A second edit that differs from both the source and the first: the whole image hue-shifted.
  await writeFile(
    join(files.dir, 'shifted.png'),
    await sharp(join(files.dir, 'edited.png')).modulate({ hue: 90 }).png().toBuffer(),
  );
  const line = (id: string, category: string, preference: string) =>
    JSON.stringify({
      id,
      category,
      instruction: `Make the red ball blue (${id})`,
      source: 'source.png',
      a: 'edited.png',
      b: 'shifted.png',
      preference,
      principles: PRINCIPLES,
    });
  pairsFile = join(files.dir, 'pairs.jsonl');
  await writeFile(
    pairsFile,
    [line('v1', 'color_alter', 'a'), line('v2', 'color_alter', 'b'), line('v3', 'style', 'a')].join('\n'),
  );
});
after(() => rm(files.dir, { recursive: true, force: true }));

/** Runs `bench --backend openai` against a stand-in serving `respond` in arrival order (one edit at a time). */
async function benchAgainst(respond: StandInResponse[]) {
  const server = await startStandIn({ respond, recordBodies: true });
  try {
    const run = await runCli([
      'bench',
      ...['--pairs', pairsFile, '--json', '--concurrency', '1'],
      ...['--backend', 'openai', '--base-url', server.baseURL, '--model', 'Qwen2.5-VL-7B-Instruct'],
      ...['--max-retries', '0'],
    ]);
    return { run, server };
  } finally {
    await server.close();
  }
}

test('bench --backend openai: scores from the VLM, a failed reply fails its pair, reruns ask only for it', async () => {
  // Edits in order: v1 a, v1 b, v2 a, v2 b, v3 a, v3 b.
  const { run, server } = await benchAgainst([
    reply(8),
    reply(3),
    reply(7),
    reply(4),
    'Looks good to me.',
    reply(5),
  ]);
  assert.equal(run.code, 0, run.err);
  assert.equal(server.requests.length, 6);
  // The pair's principles went into the prompt: no decomposition request was made.
  assert.ok(JSON.stringify(server.requests[0]!.body).includes('Are the wall, floor and window unchanged?'));
  const json = JSON.parse(run.out) as Record<string, unknown>;
  // v1: 8 > 3, preferred a: right. v2: 7 > 4, preferred b: wrong. v3: no score for a: failed.
  assert.deepEqual(
    [json.n, json.accuracy, json.failed, json.judge],
    [2, 0.5, 1, 'vlm:Qwen2.5-VL-7B-Instruct'],
  );
  assert.match(run.err, /failed pair v3 \(line 3\): edit a: .*no final score/);

  // The five verdicts are cached; only the failed edit is asked for again.
  const again = await benchAgainst([reply(6)]);
  assert.equal(again.run.code, 0, again.run.err);
  assert.equal(again.server.requests.length, 1);
  const rerun = JSON.parse(again.run.out) as Record<string, unknown>;
  assert.deepEqual([rerun.n, rerun.accuracy, rerun.failed], [3, 2 / 3, 0]);

  // Everything cached now: no request at all.
  const third = await benchAgainst([]);
  assert.equal(third.server.requests.length, 0);
  assert.equal(third.run.out, again.run.out);
});

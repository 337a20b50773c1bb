import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PrincipleListSchema } from '../core/index.js';
import { startStandIn } from '../testing/index.js';
import { runCli, writeRecolourEdit, RECOLOUR } from './cli-harness.js';

let files: Awaited<ReturnType<typeof writeRecolourEdit>>;
before(async () => {
  files = await writeRecolourEdit();
});
after(() => rm(files.dir, { recursive: true, force: true }));

const decomposeArgs = (...extra: string[]) => [
  'decompose',
  ...['--source', files.source, '--instruction', RECOLOUR],
  ...extra,
];

/** Rows of the principles table: lines that start a numbered row. */
const numberedRows = (table: string) => table.split('\n').filter((line) => /^│ \d+ +│/.test(line));

/** What a VLM decomposer might answer: 4 follow, 3 keep, 3 quality, in the paper's category names. */
const VLM_PRINCIPLES = [
  ['Is the ball now blue?', 'Instruction Following'],
  ['Is all of the ball blue, with no red left?', 'Instruction Following'],
  ['Is the blue a clear, saturated blue?', 'Instruction Following'],
  ['Is the ball the only object recoloured?', 'Instruction Following'],
  ['Does the ball keep its shape and size?', 'Feature Preservation'],
  ['Are the wall and floor unchanged?', 'Feature Preservation'],
  ['Is the window unchanged?', 'Feature Preservation'],
  ['Does the ball keep its shading?', 'Image Quality'],
  ['Is the image free of artefacts?', 'Image Quality'],
  ['Is the image free of a colour cast?', 'Image Quality'],
].map(([question, category]) => ({ question, category }));

describe('edit-r1 decompose', () => {
  test('with the embedded backend prints a table of 10 rule principles', async () => {
    const run = await runCli(decomposeArgs());
    assert.equal(run.code, 0, run.err);
    const rows = numberedRows(run.out);
    assert.equal(rows.length, 10, run.out);
    assert.match(rows[0]!, /│ 1 +│ follow +│ Is the red ball now blue\?/);
    assert.ok(run.out.includes('offline check'));
  });

  test('--json prints principles that parse and can be fed back to score as --principles', async () => {
    const run = await runCli(decomposeArgs('--json'));
    assert.equal(run.code, 0, run.err);
    const principles = PrincipleListSchema.parse(JSON.parse(run.out));
    assert.equal(principles.length, 10);

    const file = join(files.dir, 'decomposed.json');
    await writeFile(file, run.out);
    const scored = await runCli([
      'score',
      ...['--source', files.source, '--edited', files.edited, '--instruction', RECOLOUR],
      ...['--principles', file, '--json'],
    ]);
    assert.equal(scored.code, 0, scored.err);
    const json = JSON.parse(scored.out) as { points: { question: string; score: number | null }[] };
    assert.deepEqual(
      json.points.map((p) => p.question),
      principles.map((p) => p.question),
    );
    // The checks travelled with the principles: the embedded judge could verify some of them.
    assert.ok(json.points.some((p) => p.score !== null));
  });

  test('with the openai backend asks the VLM once and prints its 10 principles', async () => {
    const reply = `Here are the principles.\n\`\`\`json\n${JSON.stringify(VLM_PRINCIPLES, null, 2)}\n\`\`\``;
    const server = await startStandIn({ respond: [reply] });
    try {
      const run = await runCli(
        decomposeArgs('--backend', 'openai', '--base-url', server.baseURL, '--model', 'vlm', '--json'),
      );
      assert.equal(run.code, 0, run.err);
      assert.equal(server.requests.length, 1);
      const principles = PrincipleListSchema.parse(JSON.parse(run.out));
      assert.deepEqual(
        principles.map((p) => p.question),
        VLM_PRINCIPLES.map((p) => p.question),
      );
      assert.equal(principles[4]!.category, 'feature-preservation');
    } finally {
      await server.close();
    }
  });

  test('a missing source image is an error even for the rule decomposer, which never reads it', async () => {
    const missing = join(files.dir, 'missing.png');
    const run = await runCli(['decompose', '--source', missing, '--instruction', RECOLOUR]);
    assert.equal(run.code, 2);
    assert.equal(run.out, '');
    assert.ok(run.err.includes(missing), run.err);
  });

  test('--decomposer vlm with the embedded backend is a usage error', async () => {
    const run = await runCli(decomposeArgs('--decomposer', 'vlm'));
    assert.equal(run.code, 2);
    assert.match(run.err, /--decomposer vlm.*--backend openai/);
  });
});

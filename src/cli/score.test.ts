import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCli, writeRecolourEdit, RECOLOUR } from './cli-harness.js';

let files: Awaited<ReturnType<typeof writeRecolourEdit>>;
before(async () => {
  files = await writeRecolourEdit();
});
after(() => rm(files.dir, { recursive: true, force: true }));

const scoreArgs = (edited = files.edited) => [
  'score',
  '--source',
  files.source,
  '--edited',
  edited,
  '--instruction',
  RECOLOUR,
];

/** The keys the issue asks `score --json` for, plus verifiedShare (how much the embedded judge could check). */
const JSON_KEYS = ['averageScore', 'finalScore', 'judge', 'points', 'rulesApplied', 'verifiedShare'];

describe('edit-r1 score with the embedded judge', () => {
  test('prints the principles table, the verdict words and the final score', async () => {
    const run = await runCli(scoreArgs());
    assert.equal(run.code, 0, run.err);
    assert.equal(run.err, '');
    for (const text of ['principle', 'category', 'verdict', 'reason', 'Is the red ball now blue?']) {
      assert.ok(run.out.includes(text), `table lacks "${text}"`);
    }
    assert.match(run.out, /│ yes +│/);
    assert.match(run.out, /│ unverified +│/);
    const final = /Final score: (\d+\.\d\d) \/ 10 .*judge embedded/.exec(run.out);
    assert.ok(final, 'no "Final score" line');
    assert.ok(Number(final[1]) > 0, `a real recolour scored ${final[1]}`);
    assert.doesNotMatch(run.out, /Rule applied/);
  });

  test('an unchanged copy scores 0 by the near-identical rule, shown in the table and in --json', async () => {
    const table = await runCli(scoreArgs(files.copy));
    assert.equal(table.code, 0, table.err);
    assert.match(table.out, /Final score: 0\.00 \/ 10/);
    assert.match(table.out, /Rule applied: near-identical: /);

    const run = await runCli([...scoreArgs(files.copy), '--json']);
    assert.equal(run.code, 0, run.err);
    const json = JSON.parse(run.out) as Record<string, unknown>;
    assert.equal(json.finalScore, 0);
    assert.deepEqual(
      (json.rulesApplied as { rule: string }[]).map((r) => r.rule),
      ['near-identical'],
    );
  });

  test('--json has exactly the documented shape, and no samples for one judgement', async () => {
    const run = await runCli([...scoreArgs(), '--json']);
    assert.equal(run.code, 0, run.err);
    const json = JSON.parse(run.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), JSON_KEYS);
    assert.equal(typeof json.finalScore, 'number');
    assert.equal(json.judge, 'embedded');
    const points = json.points as Record<string, unknown>[];
    assert.equal(points.length, 10);
    for (const point of points) {
      assert.deepEqual(Object.keys(point).sort(), ['category', 'question', 'reason', 'score']);
      assert.ok([0, 1, null].includes(point.score as number | null));
    }
    assert.equal(points[0]!.category, 'instruction-following');
    assert.equal('samples' in json, false);
  });

  test('--samples 2 adds a samples summary (the embedded judge is deterministic: both agree)', async () => {
    const run = await runCli([...scoreArgs(), '--json', '--samples', '2']);
    assert.equal(run.code, 0, run.err);
    const json = JSON.parse(run.out) as { finalScore: number; samples: Record<string, unknown> };
    assert.deepEqual(Object.keys(json).sort(), [...JSON_KEYS, 'samples'].sort());
    assert.equal(json.samples.n, 2);
    assert.deepEqual(json.samples.scores, [json.finalScore, json.finalScore]);
    assert.deepEqual(json.samples.failures, []);
  });
});

describe('edit-r1 score --principles FILE', () => {
  test("accepts the paper's category names", async () => {
    const file = join(files.dir, 'paper-principles.json');
    const principles = [
      { question: 'Is the red ball now blue?', category: 'Instruction Following' },
      { question: 'Is the rest of the room unchanged?', category: 'Feature Preservation' },
      { question: 'Is the image free of artefacts?', category: 'Image Quality' },
    ];
    await writeFile(file, JSON.stringify(principles));
    // The embedded judge cannot check free-text principles; only the near-identical rule decides here.
    const run = await runCli([...scoreArgs(files.copy), '--principles', file, '--json']);
    assert.equal(run.code, 0, run.err);
    const json = JSON.parse(run.out) as { points: { question: string; category: string }[] };
    assert.deepEqual(
      json.points.map((p) => [p.question, p.category]),
      [
        ['Is the red ball now blue?', 'instruction-following'],
        ['Is the rest of the room unchanged?', 'feature-preservation'],
        ['Is the image free of artefacts?', 'image-quality'],
      ],
    );
  });

  test('a bad category is a usage error naming the index and the accepted names', async () => {
    const file = join(files.dir, 'bad-category.json');
    await writeFile(
      file,
      JSON.stringify([
        { question: 'Is the ball blue?', category: 'Follow' },
        { question: 'Is it pretty?', category: 'Aesthetics' },
      ]),
    );
    const run = await runCli([...scoreArgs(), '--principles', file]);
    assert.equal(run.code, 2);
    assert.equal(run.out, '');
    assert.equal(run.err.trim().split('\n').length, 1);
    assert.match(run.err, /\[1\]\.\[category\]/);
    assert.match(run.err, /Instruction Following/);
    assert.match(run.err, /feature-preservation/);
  });

  test('a file that is not JSON, or is missing, is a usage error', async () => {
    const file = join(files.dir, 'not-json.json');
    await writeFile(file, 'question: is the ball blue?');
    const bad = await runCli([...scoreArgs(), '--principles', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not valid JSON/);
    const missing = await runCli([...scoreArgs(), '--principles', join(files.dir, 'nope.json')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read principles file .*nope\.json/);
  });
});

describe('edit-r1 score: usage and input errors exit 2 with one line on stderr', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['an unknown flag', () => [...scoreArgs(), '--bogus'], /unknown option '--bogus'/],
    ['a missing --source', () => ['score', ...scoreArgs().slice(3)], /required option '--source <image>'/],
    ['--samples 0', () => [...scoreArgs(), '--samples', '0'], /at least 1, got '0'/],
    ['--samples abc', () => [...scoreArgs(), '--samples', 'abc'], /expected a number, got 'abc'/],
    [
      '--base-url with the embedded backend',
      () => [...scoreArgs(), '--base-url', 'http://localhost:8000/v1'],
      /need --backend openai/,
    ],
    [
      'an unknown backend',
      () => [...scoreArgs(), '--backend', 'gpt'],
      /Allowed choices are embedded, openai/,
    ],
    ['--max-retries -1', () => [...scoreArgs(), '--max-retries', '-1'], /--max-retries/],
  ];
  for (const [what, argv, message] of cases) {
    test(what, async () => {
      const run = await runCli(argv());
      assert.equal(run.code, 2, run.err);
      assert.equal(run.out, '');
      const lines = run.err.trim().split('\n');
      assert.equal(lines.length, 1, run.err);
      assert.match(lines[0]!, /^edit-r1: /);
      assert.match(lines[0]!, message);
    });
  }

  test('a missing image names its path', async () => {
    const missing = join(files.dir, 'no-such-edit.png');
    const run = await runCli(scoreArgs(missing));
    assert.equal(run.code, 2);
    assert.equal(run.err.trim().split('\n').length, 1);
    assert.ok(run.err.includes(missing), run.err);
  });

  test('a corrupt image (text) and a truncated one are refused', async () => {
    const text = join(files.dir, 'text.png');
    await writeFile(text, 'this is not a picture');
    const notImage = await runCli(scoreArgs(text));
    assert.equal(notImage.code, 2);
    assert.match(notImage.err, /could not decode .*text\.png/);

    const truncated = join(files.dir, 'truncated.png');
    const bytes = await readFile(files.edited);
    await writeFile(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const cut = await runCli(scoreArgs(truncated));
    assert.equal(cut.code, 2);
    assert.match(cut.err, /truncated\.png/);
  });
});

describe('colour', () => {
  const BOLD_FINAL = '\u001b[1mFinal score';
  test('plain when output is not a terminal, and under NO_COLOR=1 or FORCE_COLOR=0', async () => {
    for (const env of [{}, { NO_COLOR: '1' }, { FORCE_COLOR: '0' }, { NO_COLOR: '1', FORCE_COLOR: '1' }]) {
      const run = await runCli(scoreArgs(), env);
      assert.equal(run.code, 0, run.err);
      assert.equal(run.rawOut, run.out, `colour codes with ${JSON.stringify(env)}`);
    }
  });

  test('FORCE_COLOR=1 turns colour on (so the check above can fail)', async () => {
    const run = await runCli(scoreArgs(), { FORCE_COLOR: '1' });
    assert.equal(run.code, 0, run.err);
    assert.ok(run.rawOut.includes(BOLD_FINAL));
  });
});

test("score --help lists every flag the backend's error messages tell the user to change", async () => {
  const run = await runCli(['score', '--help']);
  assert.equal(run.code, 0);
  const flags = ['--base-url', '--model', '--api-key-env', '--timeout', '--max-retries', '--concurrency'];
  for (const flag of flags) assert.match(run.out, new RegExp(`^\\s+${flag} `, 'm'), `no ${flag}`);
});

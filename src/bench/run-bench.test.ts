import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createFakeJudge, solidPng } from './bench-fixtures.js';
import { runBench } from './run-bench.js';

let dir: string;
const PRINCIPLES = [{ question: 'Is the ball red?', category: 'Instruction Following' }];

/** Scores by the fake judge: red 51 -> 2, 102 -> 4, 153 -> 6, 204 -> 8. */
async function writeImages(): Promise<void> {
  await mkdir(join(dir, 'img'));
  for (const red of [0, 51, 102, 153, 204])
    await writeFile(join(dir, 'img', `r${red}.png`), await solidPng(red));
  await writeFile(join(dir, 'img', 'r102-copy.png'), await solidPng(102));
  await writeFile(join(dir, 'img', 'broken.png'), 'this is not an image');
}

async function writePairs(name: string, lines: object[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return file;
}

const line = (
  id: string,
  category: string,
  preference: string,
  a: string,
  b: string,
  extra: object = {},
) => ({
  id,
  category,
  instruction: `make it red (${id})`,
  source: 'img/r0.png',
  a,
  b,
  preference,
  ...extra,
});

/** Six pairs: relative, absolute and data-URL images; a tie; a same pair; one with principles. */
async function cleanPairs(): Promise<object[]> {
  const dataUrl = `data:image/png;base64,${(await solidPng(153)).toString('base64')}`;
  return [
    line('p1', 'color_alter', 'a', 'img/r204.png', 'img/r51.png'), // 8 > 2: right
    line('p2', 'color_alter', 'a', 'img/r102.png', join(dir, 'img', 'r153.png')), // 4 < 6: wrong
    line('p3', 'remove', 'a', dataUrl, 'img/r102.png'), // 6 > 4: right
    line('p4', 'remove', 'b', 'img/r102.png', 'img/r102-copy.png'), // 4 = 4: a tie, wrong
    line('p5', 'style', 'same', 'img/r153.png', 'img/r153.png'), // same, gap 0
    line('p7', 'color_alter', 'a', 'img/r204.png', 'img/r102.png', { principles: PRINCIPLES }), // right
  ];
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edit-r1-bench-'));
  await writeImages();
});
after(() => rm(dir, { recursive: true, force: true }));

describe('runBench', () => {
  test('scores, accuracies and per-category numbers on hand-counted pairs', async () => {
    const pairsFile = await writePairs('clean.jsonl', await cleanPairs());
    const judge = createFakeJudge();
    const result = await runBench({ pairsFile, judge, cacheFile: false, seed: 5 });
    assert.deepEqual(
      result.pairs.map((p) => (p.status === 'ok' ? [p.id, p.judgedA.score, p.judgedB.score] : [p.id])),
      [
        ['p1', 8, 2],
        ['p2', 4, 6],
        ['p3', 6, 4],
        ['p4', 4, 4],
        ['p5', 6, 6],
        ['p7', 8, 4],
      ],
    );
    assert.equal(result.n, 5);
    assert.equal(result.same, 1);
    assert.equal(result.failed, 0);
    assert.equal(result.accuracy, 3 / 5);
    // Margin 0: the same pair (gap 0) is right, and the three right a/b pairs win by more than 0.
    assert.equal(result.tieMargin, 0);
    assert.equal(result.accuracyWithTies, 4 / 6);
    assert.deepEqual(result.perCategory, {
      color_alter: { n: 3, accuracy: 2 / 3 },
      remove: { n: 2, accuracy: 1 / 2 },
      style: { n: 0, accuracy: null },
    });
    assert.equal(result.macroAccuracy, (2 / 3 + 1 / 2) / 2);
    const [lo, hi] = result.ci95!;
    assert.ok(lo <= 0.6 && 0.6 <= hi, String(result.ci95));
    assert.equal(result.judge, 'fake');
    // The pair's principles went to the judge (normalised); the others had none, so the judge decomposes.
    const withPrinciples = judge.calls.filter((c) => c.input.principles !== undefined);
    assert.equal(withPrinciples.length, 2);
    assert.deepEqual(withPrinciples[0]!.input.principles, [
      { question: 'Is the ball red?', category: 'instruction-following' },
    ]);
    assert.ok(judge.calls.every((c) => c.options?.seed === 5));
    // Relative paths were resolved against the pairs file's folder, not the working folder.
    assert.equal(result.pairs[0]!.a, join(dir, 'img', 'r204.png'));
    assert.match(result.pairs[2]!.a, /^data:image\/png;base64,/);
  });

  test('the same edit in several pairs (or the same picture in two files) is judged once', async () => {
    const pairsFile = await writePairs('dedupe.jsonl', await cleanPairs());
    const judge = createFakeJudge();
    await runBench({ pairsFile, judge, cacheFile: false });
    // 12 edits; p4's two files hold the same picture, and p5's two edits are one: 10 calls.
    assert.equal(judge.calls.length, 10);
  });

  test('a rerun with the same judge and data makes no judge call; another fingerprint does', async () => {
    const pairsFile = await writePairs('cached.jsonl', await cleanPairs());
    const first = createFakeJudge();
    const firstResult = await runBench({ pairsFile, judge: first, judgeFingerprint: 'temperature=0' });
    assert.equal(first.calls.length, 10);
    const cacheText = await readFile(`${pairsFile}.verdicts.jsonl`, 'utf8');
    assert.equal(cacheText.trim().split('\n').length, 10);

    const second = createFakeJudge();
    const secondResult = await runBench({ pairsFile, judge: second, judgeFingerprint: 'temperature=0' });
    assert.equal(second.calls.length, 0);
    const { pairs: _a, ...firstSummary } = firstResult;
    const { pairs: _b, ...secondSummary } = secondResult;
    assert.deepEqual(secondSummary, firstSummary);

    const third = createFakeJudge();
    await runBench({ pairsFile, judge: third, judgeFingerprint: 'temperature=0.7' });
    assert.equal(third.calls.length, 10);
  });

  test('a cache line cut short by a killed run is skipped, the rest reused', async () => {
    const pairsFile = await writePairs('torn.jsonl', await cleanPairs());
    const cacheFile = join(dir, 'torn-cache.jsonl');
    await runBench({ pairsFile, judge: createFakeJudge(), cacheFile });
    const lines = (await readFile(cacheFile, 'utf8')).trim().split('\n');
    await writeFile(cacheFile, [...lines.slice(0, -1), lines.at(-1)!.slice(0, 40)].join('\n'));
    const judge = createFakeJudge();
    const result = await runBench({ pairsFile, judge, cacheFile });
    assert.equal(judge.calls.length, 1);
    assert.equal(result.accuracy, 3 / 5);
  });

  test('a broken image and a missing file fail their pairs, counted, and the run goes on', async () => {
    const pairsFile = await writePairs('failing.jsonl', [
      line('good', 'color_alter', 'a', 'img/r204.png', 'img/r51.png'),
      line('broken', 'color_alter', 'a', 'img/broken.png', 'img/r51.png'),
      line('missing', 'remove', 'b', 'img/r51.png', 'img/nowhere.png'),
    ]);
    const judge = createFakeJudge();
    const result = await runBench({ pairsFile, judge });
    assert.equal(result.failed, 2);
    assert.equal(result.n, 1);
    assert.equal(result.accuracy, 1);
    const failures = result.pairs.filter((p) => p.status === 'failed');
    assert.deepEqual(
      failures.map((p) => p.id),
      ['broken', 'missing'],
    );
    assert.match(failures[0]!.status === 'failed' ? failures[0]!.error : '', /^edit a: .*broken\.png/);
    assert.match(
      failures[1]!.status === 'failed' ? failures[1]!.error : '',
      /^edit b: cannot read image .*nowhere\.png \(ENOENT\)/,
    );
    // Failures are not cached: a rerun tries the broken image again (the missing one fails before the judge).
    const rerun = createFakeJudge();
    await runBench({ pairsFile, judge: rerun });
    assert.deepEqual(
      rerun.calls.map((c) => c.input.edited),
      [join(dir, 'img', 'broken.png')],
    );
  });

  test('samples > 1: judge.sample, and the score is the mean of the samples', async () => {
    const pairsFile = await writePairs('samples.jsonl', [
      line('p1', 'c', 'a', 'img/r102.png', 'img/r51.png'),
    ]);
    const judge = createFakeJudge();
    const result = await runBench({ pairsFile, judge, samples: 3, cacheFile: false });
    assert.deepEqual(
      judge.calls.map((c) => c.n),
      [3, 3],
    );
    const pair = result.pairs[0]!;
    assert.equal(pair.status, 'ok');
    if (pair.status !== 'ok') return;
    // Samples 4, 4.5, 5: mean 4.5; the verdict shown is the median one.
    assert.equal(pair.judgedA.score, 4.5);
    assert.deepEqual(pair.judgedA.sampleScores, [4, 4.5, 5]);
    assert.equal(pair.judgedA.verdict.finalScore, 4.5);
  });

  test('concurrency bounds the judge calls in flight; progress counts every edit', async () => {
    const pairsFile = await writePairs('progress.jsonl', await cleanPairs());
    const judge = createFakeJudge({ delayMs: 20 });
    const progress: [number, number][] = [];
    await runBench({
      pairsFile,
      judge,
      concurrency: 2,
      cacheFile: false,
      onProgress: (done, total) => progress.push([done, total]),
    });
    assert.ok(judge.maxInFlight <= 2 && judge.maxInFlight >= 1, String(judge.maxInFlight));
    assert.equal(progress.length, 12);
    assert.deepEqual(progress.at(-1), [12, 12]);
    assert.deepEqual(
      progress.map(([done]) => done),
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
  });

  test('bad options are usage errors', async () => {
    const pairsFile = await writePairs('opts.jsonl', [line('p1', 'c', 'a', 'img/r102.png', 'img/r51.png')]);
    await assert.rejects(runBench({ pairsFile, judge: createFakeJudge(), samples: 0 }), /samples must be/);
    await assert.rejects(
      runBench({ pairsFile, judge: createFakeJudge(), cacheFile: join(dir, 'no-such-dir', 'c.jsonl') }),
      /cannot write the verdict cache .*--no-cache/,
    );
  });
});

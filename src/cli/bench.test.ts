import assert from 'node:assert/strict';
import { access, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { runCli, writeRecolourEdit, RECOLOUR } from './cli-harness.js';
import { progressBar } from './commands/bench.js';
import { judgeFingerprint } from './judge-fingerprint.js';

let files: Awaited<ReturnType<typeof writeRecolourEdit>>;
let pairsFile: string;

const line = (id: string, category: string, preference: string, a: string, b: string) =>
  JSON.stringify({ id, category, instruction: RECOLOUR, source: 'source.png', a, b, preference });

before(async () => {
  files = await writeRecolourEdit();
  pairsFile = join(files.dir, 'pairs.jsonl');
  // The embedded judge scores the real recolour above 0 and the unchanged copy 0 (near-identical rule).
  await writeFile(
    pairsFile,
    [
      line('e1', 'color_alter', 'a', 'edited.png', 'copy.png'), // right
      line('e2', 'color_alter', 'b', 'copy.png', 'edited.png'), // right
      line('e3', 'remove', 'a', 'copy.png', 'edited.png'), // wrong
      line('e4', 'remove', 'same', 'edited.png', 'edited.png'), // same, gap 0
    ].join('\n'),
  );
});
after(() => rm(files.dir, { recursive: true, force: true }));

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

describe('edit-r1 bench with the embedded judge', () => {
  test('prints per-category accuracy, strict accuracy with CI, accuracy with ties, macro, failed', async () => {
    const run = await runCli(['bench', '--pairs', pairsFile, '--no-cache']);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /│ color_alter +│ 2 +│ 100\.0% +│/);
    assert.match(run.out, /│ remove +│ 1 +│ 0\.0% +│/);
    assert.match(run.out, /Accuracy \(strict\): 66\.7% {2}95% CI \d+\.\d% to 100\.0% {2}over 3 a\/b pairs/);
    assert.match(run.out, /Accuracy with ties: 75\.0% at tie margin 0\.00 {2}over 4 pairs \(1 'same'\)/);
    assert.match(run.out, /Macro accuracy: 50\.0% .* over 2 categories/);
    assert.match(run.out, /Failed: 0 pairs {3}judge embedded/);
    assert.equal(await exists(`${pairsFile}.verdicts.jsonl`), false, '--no-cache wrote a cache');
  });

  test('--json prints the summary object, and nothing per pair', async () => {
    const run = await runCli(['bench', '--pairs', pairsFile, '--json', '--no-cache']);
    assert.equal(run.code, 0, run.err);
    const json = JSON.parse(run.out) as Record<string, unknown>;
    assert.deepEqual(Object.keys(json).sort(), [
      'accuracy',
      'accuracyWithTies',
      'ci95',
      'failed',
      'judge',
      'macroAccuracy',
      'macroCi95',
      'n',
      'perCategory',
      'same',
      'tieMargin',
    ]);
    assert.deepEqual(
      [json.n, json.same, json.accuracyWithTies, json.tieMargin, json.macroAccuracy, json.failed],
      [3, 1, 0.75, 0, 0.5, 0],
    );
    assert.equal(json.accuracy, 2 / 3);
    assert.deepEqual(json.perCategory, {
      color_alter: { n: 2, accuracy: 1 },
      remove: { n: 1, accuracy: 0 },
    });
  });

  test('the cache: beside the pairs file by default, or where --cache says; a rerun prints the same', async () => {
    const first = await runCli(['bench', '--pairs', pairsFile, '--json']);
    assert.equal(first.code, 0, first.err);
    const cache = await readFile(`${pairsFile}.verdicts.jsonl`, 'utf8');
    // Two distinct edits (the recolour and the copy of one source and instruction): two verdicts.
    assert.equal(cache.trim().split('\n').length, 2);
    const second = await runCli(['bench', '--pairs', pairsFile, '--json']);
    assert.equal(second.out, first.out);
    const elsewhere = join(files.dir, 'elsewhere.jsonl');
    assert.equal((await runCli(['bench', '--pairs', pairsFile, '--cache', elsewhere])).code, 0);
    assert.equal((await readFile(elsewhere, 'utf8')).trim().split('\n').length, 2);
  });

  test('--report writes a self-contained HTML page', async () => {
    const report = join(files.dir, 'report.html');
    const run = await runCli(['bench', '--pairs', pairsFile, '--no-cache', '--report', report]);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /report: .*report\.html/);
    const html = await readFile(report, 'utf8');
    assert.match(html, /^<!doctype html>/);
    assert.match(html, /<svg /);
    // e3 is judged the wrong way: shown with its three pictures.
    assert.match(html, /e3 · remove · line 3/);
    assert.equal(html.match(/<img src="data:image\/jpeg;base64,/g)?.length, 3);
  });

  test('a bad pairs file exits 2 naming file:line and the field', async () => {
    const bad = join(files.dir, 'bad.jsonl');
    await writeFile(
      bad,
      [line('x1', 'c', 'a', 'edited.png', 'copy.png'), '{"id": "x2", "instruction": "hi"}'].join('\n'),
    );
    const run = await runCli(['bench', '--pairs', bad]);
    assert.equal(run.code, 2);
    assert.equal(run.out, '');
    assert.match(run.err, /^edit-r1: .*bad\.jsonl:2: field 'source': is missing\n?$/);
  });

  test('every pair failing exits with the first failure, after listing them', async () => {
    const gone = join(files.dir, 'gone.jsonl');
    await writeFile(gone, [line('g1', 'c', 'a', 'nowhere.png', 'copy.png')].join('\n'));
    const run = await runCli(['bench', '--pairs', gone, '--no-cache']);
    assert.equal(run.code, 2);
    assert.match(run.err, /failed pair g1 \(line 1\): edit a: cannot read image .*nowhere\.png \(ENOENT\)/);
    assert.match(run.err, /edit-r1: cannot read image/);
  });
});

describe('the progress bar', () => {
  test('drawn only on a terminal', async () => {
    assert.equal(progressBar(Object.assign(new PassThrough(), { isTTY: false })), undefined);
    const chunks: string[] = [];
    const tty = Object.assign(new PassThrough(), { isTTY: true, columns: 100 });
    tty.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const bar = progressBar(tty)!;
    bar.update(1, 4);
    bar.update(4, 4);
    bar.stop();
    assert.match(chunks.join(''), /judging .* [14]\/4 edits/);
  });
});

describe('the cache fingerprint of a judge config', () => {
  test('changes with the model or sampling, not with the key, address, timeouts or concurrency', () => {
    const base = { backend: 'openai', model: 'm', baseURL: 'http://a:1/v1', temperature: 0 } as const;
    const same = judgeFingerprint({
      ...base,
      baseURL: 'http://b:2/v1',
      apiKey: 'sk-secret-123456',
      timeoutMs: 5,
      concurrency: 9,
    });
    assert.equal(same, judgeFingerprint(base));
    assert.ok(!same.includes('sk-secret'));
    assert.notEqual(judgeFingerprint({ ...base, model: 'n' }), judgeFingerprint(base));
    assert.notEqual(judgeFingerprint({ ...base, temperature: 0.7 }), judgeFingerprint(base));
  });
});

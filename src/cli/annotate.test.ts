import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { labelledDataset, writeDataset } from '../annotate/test-fixtures.js';
import { runCli } from './cli-harness.js';

const BIN = fileURLToPath(new URL('../../bin/edit-r1.js', import.meta.url));

test('annotate stats: the hand-computed agreement, as text and as JSON', async () => {
  const dataset = await labelledDataset();
  const text = await runCli(['annotate', 'stats', '--db', dataset.dbFile]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /preference mode, 5 pairs, 11 labels/);
  assert.match(text.out, /alice\s+4\s+5\s+2\.50\s+2\.50/);
  // 7/11 = 0.636, 1/7 = 0.143, 1/4 = 0.250, Fleiss 7/52 = 0.135 (see src/annotate/stats-export.test.ts).
  assert.match(text.out, /alice & bob: 4 shared, agreement 75\.0%, kappa 0\.636/);
  assert.match(text.out, /alice & carol: 3 shared, agreement 33\.3%, kappa 0\.143/);
  assert.match(text.out, /bob & carol: 3 shared, agreement 33\.3%, kappa 0\.250/);
  assert.match(text.out, /over the 3 pairs with 3 labels each \(2 others left out\): 0\.135/);
  assert.match(text.out, /p2: alice a, bob b, carol same/);
  const json = await runCli(['annotate', 'stats', '--db', dataset.dbFile, '--json']);
  const stats = JSON.parse(json.out);
  assert.equal(stats.fleiss.ratersPerPair, 3);
  assert.ok(Math.abs(stats.cohen[0].kappa - 7 / 11) < 1e-12);
});

test('annotate export writes the majority preferences beside the labels', async () => {
  const dataset = await labelledDataset();
  const out = join(dataset.dir, 'prefs.jsonl');
  const run = await runCli(['annotate', 'export', '--db', dataset.dbFile, '--out', out]);
  assert.equal(run.code, 0, run.err);
  assert.match(run.out, /wrote 4 pairs to .*prefs\.jsonl \(1 without labels left out\)/);
  const lines = (await readFile(out, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    lines.map((l) => l.preference),
    ['a', 'same', 'b', 'same'],
  );
  assert.equal(lines[0].source, 'src/p1.png');
  assert.equal(lines[0].labels.length, 3);
});

test('annotate errors are one line with exit status 2', async () => {
  const dataset = await writeDataset(1);
  const missing = await runCli(['annotate', 'stats', '--db', join(dataset.dir, 'none.sqlite')]);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /^edit-r1: cannot open the labels database .*none\.sqlite/);
  assert.equal(missing.err.trim().split('\n').length, 1);
  const foreign = join(dataset.dir, 'other.sqlite');
  new Database(foreign).exec('CREATE TABLE t (x)');
  const notOurs = await runCli([
    'annotate',
    'export',
    '--db',
    foreign,
    '--out',
    join(dataset.dir, 'o.jsonl'),
  ]);
  assert.equal(notOurs.code, 2);
  assert.match(notOurs.err, /is not a labels database made by edit-r1 annotate/);
  const noPairs = await runCli(['annotate', '--db', dataset.dbFile, '--annotators', 'alice']);
  assert.equal(noPairs.code, 2);
  assert.match(noPairs.err, /annotate needs --pairs FILE, --db FILE and --annotators/);
  const noDb = await runCli(['annotate', 'stats']);
  assert.equal(noDb.code, 2);
  assert.match(noDb.err, /annotate stats needs --db FILE/);
  const noOut = await runCli(['annotate', 'export', '--db', dataset.dbFile]);
  assert.equal(noOut.code, 2);
  assert.match(noOut.err, /--out/);
  await writeFile(
    dataset.pairsFile,
    '{"id":"x","instruction":"i","source":"http://e/x.png","a":"a.png","b":"b.png"}\n',
  );
  const url = await runCli([
    'annotate',
    '--pairs',
    dataset.pairsFile,
    '--db',
    dataset.dbFile,
    '--annotators',
    'al',
  ]);
  assert.equal(url.code, 2);
  assert.match(url.err, /pairs\.jsonl:1: field 'source': http:\/\/e\/x\.png is a URL/);
});

test('edit-r1 annotate prints each sign-in link, serves the API with it, and stops on SIGTERM', async () => {
  const dataset = await writeDataset(3);
  const child = spawn(
    process.execPath,
    [
      BIN,
      'annotate',
      '--pairs',
      dataset.pairsFile,
      '--db',
      dataset.dbFile,
      '--port',
      '0',
      '--annotators',
      'alice,bob',
    ],
    { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (err += String(chunk)));
  try {
    for (let i = 0; i < 600 && !/bob: /.test(out); i++) await delay(50);
    const link = /alice: (http:\/\/127\.0\.0\.1:\d+)\/#token=([A-Za-z0-9_-]{43})/.exec(out);
    assert.ok(link, `no link printed: ${out} ${err}`);
    assert.match(out, /preference mode, 3 pairs, 2 annotators, 2 per pair/);
    const res = await fetch(`${link[1]}/api/me`, { headers: { authorization: `Bearer ${link[2]}` } });
    assert.deepEqual(await res.json(), { annotator: 'alice', mode: 'preference', total: 3, labelled: 0 });
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    assert.equal(code, 0, err);
    assert.match(out, /SIGTERM: closing\nstopped/);
  } finally {
    child.kill('SIGKILL');
  }
});

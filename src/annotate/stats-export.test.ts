import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { goodSameBad } from '../bench/index.js';
import { createRng, PairSchema } from '../core/index.js';
import { annotateStats } from './annotate-stats.js';
import { exportPreferences } from './export-preferences.js';
import { LabelStore } from './label-store.js';
import { labelAs, labelledDataset, openApp, writeDataset } from './test-fixtures.js';

const close = (x: number | null, y: number) =>
  assert.ok(x !== null && Math.abs(x - y) < 1e-12, `${x} != ${y}`);

test('stats: counts, time per label, Cohen per pair of annotators, Fleiss over 3-rater pairs, disagreements', async () => {
  const dataset = await labelledDataset();
  const store = LabelStore.open(dataset.dbFile, { mustExist: true });
  const stats = annotateStats(store);
  store.close();
  assert.equal(stats.mode, 'preference');
  assert.equal(stats.labels, 11);
  assert.deepEqual(stats.annotators, [
    { annotator: 'alice', labels: 4, assigned: 5, medianMs: 2500, meanMs: 2500 },
    { annotator: 'bob', labels: 4, assigned: 5, medianMs: 250, meanMs: 400 },
    { annotator: 'carol', labels: 3, assigned: 5, medianMs: 20, meanMs: 20 },
  ]);
  // alice/bob on p1-p4: (a,a) (a,b) (b,b) (same,same); po = 3/4, pe = (2*1 + 1*2 + 1*1)/16 = 5/16 -> 7/11.
  // alice/carol on p1-p3: (a,a) (a,same) (b,same); po = 1/3, pe = (2*1)/9 -> (1/3 - 2/9)/(7/9) = 1/7.
  // bob/carol on p1-p3: (a,a) (b,same) (b,same); po = 1/3, pe = 1/9 -> (2/9)/(8/9) = 1/4.
  const [ab, ac, bc] = stats.cohen;
  assert.deepEqual([ab!.annotators, ab!.shared, ac!.shared, bc!.shared], [['alice', 'bob'], 4, 3, 3]);
  close(ab!.agreement, 3 / 4);
  close(ab!.kappa, 7 / 11);
  close(ac!.kappa, 1 / 7);
  close(bc!.kappa, 1 / 4);
  // Fleiss on p1-p3 (3 raters): P_i = 1, 0, 1/3 -> P-bar = 4/9; totals a 4, b 3, same 2 -> Pe = 29/81;
  // kappa = (36/81 - 29/81) / (52/81) = 7/52. p4 (2 raters) and p5 (none) are left out.
  assert.equal(stats.fleiss.ratersPerPair, 3);
  assert.deepEqual(stats.fleiss.pairIds, ['p1', 'p2', 'p3']);
  assert.equal(stats.fleiss.leftOut, 2);
  close(stats.fleiss.kappa, 7 / 52);
  assert.deepEqual(stats.disagreements, [
    { pairId: 'p2', labels: { alice: 'a', bob: 'b', carol: 'same' } },
    { pairId: 'p3', labels: { alice: 'b', bob: 'b', carol: 'same' } },
  ]);
  assert.equal(stats.gsb, undefined);
});

test('export: majority with ties to same, every label kept, paths relative to the output file', async () => {
  const dataset = await labelledDataset();
  await mkdir(join(dataset.dir, 'out'));
  const out = join(dataset.dir, 'out', 'prefs.jsonl');
  const store = LabelStore.open(dataset.dbFile, { mustExist: true });
  const result = await exportPreferences(store, out);
  store.close();
  assert.deepEqual(result, { written: 4, unlabelled: 1 });
  const lines = (await readFile(out, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  // p1 a,a,a -> a; p2 a,b,same (three-way tie) -> same; p3 b,b,same -> b; p4 same,same -> same.
  assert.deepEqual(
    lines.map((l) => [l.id, l.preference]),
    [
      ['p1', 'a'],
      ['p2', 'same'],
      ['p3', 'b'],
      ['p4', 'same'],
    ],
  );
  for (const line of lines) assert.ok(PairSchema.safeParse(line).success);
  const p2 = lines[1];
  assert.equal(p2.source, '../src/p2.png');
  assert.equal(p2.a, '../edits/a-p2.png');
  assert.equal(p2.category, 'color_alter');
  assert.deepEqual(
    p2.labels.map((l: { annotator: string; choice: string; elapsedMs: number; at: string }) => [
      l.annotator,
      l.choice,
      l.elapsedMs,
      l.at,
    ]),
    [
      ['alice', 'a', 2000, '2025-01-02T03:04:05.000Z'],
      ['bob', 'b', 300, '2025-01-02T03:04:05.000Z'],
      ['carol', 'same', 20, '2025-01-02T03:04:05.000Z'],
    ],
  );
  for (const label of p2.labels) assert.ok(label.side === 'a' || label.side === 'b');
});

test('GSB mode: G 3, S 1, B 1 over five inputs gives GSB 0.4 with the bench bootstrap interval', async () => {
  const dataset = await writeDataset(5);
  const { app, session } = await openApp(dataset, { annotators: ['alice'], mode: 'gsb', seed: 11 });
  ['a', 'a', 'a', 'b', 'same'].forEach((pref, i) => labelAs(session, 'alice', `p${i + 1}`, pref as 'a', 10));
  const stats = annotateStats(session.store, { resamples: 500 });
  await app.close();
  const gsb = stats.gsb!;
  assert.deepEqual([gsb.good, gsb.same, gsb.bad], [3, 1, 1]);
  close(gsb.gsb, (3 - 1) / 5);
  const expected = goodSameBad(
    [1, 1, 1, -1, 0].map((o) => ({ test: o === 1 ? 1 : 0, base: o === -1 ? 1 : 0 })),
    { rng: createRng(11), resamples: 500 },
  );
  assert.deepEqual(gsb.ci95, expected.ci95);
  assert.ok(gsb.ci95![0] <= 0.4 && 0.4 <= gsb.ci95![1]);
});

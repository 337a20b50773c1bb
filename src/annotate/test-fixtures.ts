import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createAnnotateApp, type AnnotateAppOptions } from './create-annotate-app.js';
import { openAnnotateSession, type AnnotateSession, type AnnotateSessionOptions } from './open-session.js';

/** A small flat-colour PNG (each image of a pair gets its own colour). */
function png(r: number, g: number, b: number): Promise<Buffer> {
  return sharp({ create: { width: 8, height: 6, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
}

export interface Dataset {
  dir: string;
  pairsFile: string;
  dbFile: string;
}

/** `count` pairs p1..pN in a fresh temp folder: sources in src/, edits in edits/, and pairs.jsonl. */
export async function writeDataset(count: number): Promise<Dataset> {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-annotate-'));
  await mkdir(join(dir, 'src'));
  await mkdir(join(dir, 'edits'));
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    await writeFile(join(dir, 'src', `p${i}.png`), await png(i * 20, 0, 0));
    await writeFile(join(dir, 'edits', `a-p${i}.png`), await png(0, i * 20, 0));
    await writeFile(join(dir, 'edits', `b-p${i}.png`), await png(0, 0, i * 20));
    lines.push(
      JSON.stringify({
        id: `p${i}`,
        category: i % 2 === 0 ? 'color_alter' : 'remove',
        instruction: `edit number ${i}`,
        source: `src/p${i}.png`,
        a: `edits/a-p${i}.png`,
        b: `edits/b-p${i}.png`,
      }),
    );
  }
  const pairsFile = join(dir, 'pairs.jsonl');
  await writeFile(pairsFile, lines.join('\n') + '\n');
  return { dir, pairsFile, dbFile: join(dir, 'labels.sqlite') };
}

/** A session on the dataset and an app over it (not listening); tokens of this start by annotator. */
export async function openApp(
  dataset: Dataset,
  session: Partial<AnnotateSessionOptions> = {},
  app: Omit<AnnotateAppOptions, 'session'> = {},
): Promise<{ app: ReturnType<typeof createAnnotateApp>; session: AnnotateSession }> {
  const opened = await openAnnotateSession({
    pairsFile: dataset.pairsFile,
    dbFile: dataset.dbFile,
    annotators: ['alice', 'bob'],
    ...session,
  });
  return { app: createAnnotateApp({ ...app, session: opened }), session: opened };
}

/** Writes a label meaning `preference` (a/b/same) for an assigned pair, clicking whichever side shows it. */
export function labelAs(
  session: AnnotateSession,
  annotator: string,
  pairId: string,
  preference: 'a' | 'b' | 'same',
  elapsedMs: number,
): void {
  const assignment = session.store
    .assignments()
    .find((a) => a.pairId === pairId && a.annotator === annotator);
  if (!assignment) throw new Error(`${pairId} is not assigned to ${annotator}`);
  const choice = preference === 'same' ? 'same' : preference === assignment.left ? 'left' : 'right';
  const result = session.store.addLabel({
    submissionId: `${annotator}-${pairId}-label`,
    pairId,
    annotator,
    choice,
    elapsedMs,
    at: '2025-01-02T03:04:05.000Z',
  });
  if (result !== 'added') throw new Error(`label not added: ${result}`);
}

/**
 * Five pairs, three annotators who all see every pair, and labels chosen so stats and export have
 * hand-computed answers (see stats-export.test.ts): p1 a,a,a; p2 a,b,same; p3 b,b,same; p4 same,same
 * (carol skipped it); p5 unlabelled.
 */
export async function labelledDataset(): Promise<Dataset> {
  const dataset = await writeDataset(5);
  const { app, session } = await openApp(dataset, { annotators: ['alice', 'bob', 'carol'], perPair: 3 });
  const plan: [string, 'a' | 'b' | 'same', 'a' | 'b' | 'same', 'a' | 'b' | 'same' | null][] = [
    ['p1', 'a', 'a', 'a'],
    ['p2', 'a', 'b', 'same'],
    ['p3', 'b', 'b', 'same'],
    ['p4', 'same', 'same', null],
  ];
  const times = { alice: [1000, 2000, 3000, 4000], bob: [100, 300, 200, 1000], carol: [10, 20, 30] };
  plan.forEach(([pairId, alice, bob, carol], i) => {
    labelAs(session, 'alice', pairId, alice, times.alice[i]!);
    labelAs(session, 'bob', pairId, bob, times.bob[i]!);
    if (carol !== null) labelAs(session, 'carol', pairId, carol, times.carol[i]!);
  });
  await app.close();
  return dataset;
}

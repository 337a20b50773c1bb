import assert from 'node:assert/strict';
import { access, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { InvalidImageError, UsageError } from '../../core/index.js';
import { systemPrompt } from '../../rrm/index.js';
import type { SelectedRow } from '../types.js';
import { exportDataset, type ExportOptions } from './export-dataset.js';
import {
  DatasetCardSchema,
  LlamaFactoryDataSchema,
  LlamaFactoryDatasetInfoSchema,
  RowsLineSchema,
  SwiftLineSchema,
} from './format-schemas.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'export-dataset-'));
  dirs.push(dir);
  return dir;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const solid = (r: number, g: number) =>
  sharp({ create: { width: 6, height: 4, channels: 3, background: { r, g, b: 90 } } });

let src = '';
const bytes: Record<string, Buffer> = {};
let rows: SelectedRow[] = [];

function row(id: string, source: string, edited: string, fields: Partial<SelectedRow> = {}): SelectedRow {
  return {
    quadrupleId: id,
    inputId: `in-${source}`,
    category: 'color_alter',
    instruction: `Edit for ${id}`,
    source: join(src, source),
    edited: join(src, edited),
    principles: [
      { question: 'Is the circle blue?', category: 'instruction-following' },
      { question: 'Is the rest unchanged?', category: 'feature-preservation' },
    ],
    gold: [
      { question: 'Is the circle blue?', gold: 1, reason: 'it is' },
      { question: 'Is the rest unchanged?', gold: 0, reason: 'a square moved' },
    ],
    trace: `Reasoning for ${id}.\n<score>7</score>`,
    finalScore: 7,
    averageScore: 0.5,
    member: 0,
    model: 'qwen',
    promptVariant: 'standard',
    accuracy: 1,
    traceAccuracies: [1, 0.5],
    ...fields,
  };
}

before(async () => {
  src = await tempDir();
  const files: Record<string, Buffer> = {
    's1.png': await solid(200, 10).png().toBuffer(),
    'e1.png': await solid(10, 200).png().toBuffer(),
    'e2.jpg': await solid(10, 100).jpeg().toBuffer(),
    's3.png': await solid(50, 50).png().toBuffer(),
    'e3.png': await solid(60, 60).png().toBuffer(),
    's4.png': await solid(70, 70).png().toBuffer(),
    'e4.png': await solid(80, 80).png().toBuffer(),
  };
  for (const [name, data] of Object.entries(files)) {
    bytes[name] = data;
    await writeFile(join(src, name), data);
  }
  // Given out of order: the export sorts by quadrupleId.
  rows = [
    row('q2', 's1.png', 'e2.jpg', {
      finalScore: 9.5,
      model: 'seed',
      promptVariant: 'strict',
      category: 'removal',
    }),
    row('q1', 's1.png', 'e1.png', { finalScore: 3 }),
    row('q3', 's3.png', 'e3.png', { accuracy: 0.4, traceAccuracies: [0.4, 0.2] }),
    row('q4', 's4.png', 'e4.png', { accuracy: 0.6, traceAccuracies: [0.6], finalScore: 10 }),
    row('q5', 's4.png', 'e3.png', { trace: 'The <image> shows a circle.\n<score>5</score>', accuracy: 0.9 }),
  ];
});

const options = (outDir: string, fields: Partial<ExportOptions> = {}): ExportOptions => ({
  format: 'llamafactory',
  outDir,
  images: 'copy',
  minAccuracy: 0.6,
  ...fields,
});

/** Every file under a folder, by relative path, with its bytes. */
async function snapshot(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = new Map<string, Buffer>();
  for (const e of entries.filter((entry) => entry.isFile())) {
    const path = join(e.parentPath, e.name);
    files.set(path.slice(dir.length + 1), await readFile(path));
  }
  return files;
}

/** The image a quadruple's record names: the bytes there must be its source's and its edit's. */
async function assertImages(out: string, images: string[], source: string, edited: string) {
  assert.equal(images.length, 2);
  assert.equal(
    (await readFile(join(out, images[0]!))).compare(bytes[source]!),
    0,
    `${images[0]} is ${source}`,
  );
  assert.equal(
    (await readFile(join(out, images[1]!))).compare(bytes[edited]!),
    0,
    `${images[1]} is ${edited}`,
  );
}

const tokens = (messages: Array<{ content: string }>) =>
  messages.reduce((n, m) => n + m.content.split('<image>').length - 1, 0);

describe('exportDataset', () => {
  it('llamafactory: data.json and dataset_info.json parse, images resolve, kept rows in quadruple order', async () => {
    const out = await tempDir();
    const summary = await exportDataset(rows, options(out, { datasetName: 'rrm_sft' }));
    assert.deepEqual(summary.files, ['data.json', 'dataset_info.json', 'card.json', 'README.md']);
    const data = LlamaFactoryDataSchema.parse(JSON.parse(await readFile(join(out, 'data.json'), 'utf8')));
    assert.deepEqual(
      data.map((r) => r.messages[2]!.content),
      [
        'Reasoning for q1.\n<score>7</score>',
        'Reasoning for q2.\n<score>7</score>',
        'Reasoning for q4.\n<score>7</score>',
      ],
    );
    for (const record of data) assert.equal(tokens(record.messages), record.images.length);
    await assertImages(out, data[0]!.images, 's1.png', 'e1.png');
    await assertImages(out, data[1]!.images, 's1.png', 'e2.jpg');
    await assertImages(out, data[2]!.images, 's4.png', 'e4.png');
    assert.equal(data[1]!.messages[0]!.content, systemPrompt('strict'));
    assert.ok(data[1]!.images[1]!.endsWith('.jpg'));

    const info = LlamaFactoryDatasetInfoSchema.parse(
      JSON.parse(await readFile(join(out, 'dataset_info.json'), 'utf8')),
    );
    assert.deepEqual(Object.keys(info), ['rrm_sft']);
    assert.equal(info['rrm_sft']!.file_name, 'data.json');
    // s1 is shared by q1 and q2 and stored once: s1, e1, e2, s4, e4.
    assert.equal((await readdir(join(out, 'images'))).length, 5);
    assert.deepEqual(summary.images, { stored: 5, copied: 5, linked: 0, reused: 0 });
    assert.deepEqual(await readdir(out).then((names) => names.sort()), [
      'README.md',
      'card.json',
      'data.json',
      'dataset_info.json',
      'images',
    ]);
  });

  it('swift: train.jsonl lines parse as ms-swift messages with images', async () => {
    const out = await tempDir();
    const summary = await exportDataset(rows, options(out, { format: 'swift' }));
    assert.deepEqual(summary.files, ['train.jsonl', 'card.json', 'README.md']);
    const text = await readFile(join(out, 'train.jsonl'), 'utf8');
    assert.ok(text.endsWith('}\n'));
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => SwiftLineSchema.parse(JSON.parse(l)));
    assert.equal(lines.length, 3);
    for (const line of lines) assert.equal(tokens(line.messages), line.images.length);
    await assertImages(out, lines[0]!.images, 's1.png', 'e1.png');
    await assertImages(out, lines[2]!.images, 's4.png', 'e4.png');
  });

  it('jsonl: rows.jsonl holds every field of the kept rows, image paths relative', async () => {
    const out = await tempDir();
    await exportDataset(rows, options(out, { format: 'jsonl' }));
    const lines = (await readFile(join(out, 'rows.jsonl'), 'utf8'))
      .trimEnd()
      .split('\n')
      .map((l) => RowsLineSchema.parse(JSON.parse(l)));
    assert.deepEqual(
      lines.map((l) => l.quadrupleId),
      ['q1', 'q2', 'q4'],
    );
    const q2 = rows.find((r) => r.quadrupleId === 'q2')!;
    assert.deepEqual({ ...lines[1]!, source: q2.source, edited: q2.edited }, q2);
    await assertImages(out, [lines[1]!.source, lines[1]!.edited], 's1.png', 'e2.jpg');
  });

  it('leaves out rows below minAccuracy or with a literal <image>, and counts them in the card', async () => {
    const out = await tempDir();
    const summary = await exportDataset(rows, options(out, { format: 'swift' }));
    assert.equal(summary.kept, 3);
    assert.deepEqual(summary.leftOut, { belowMinAccuracy: 1, mediaTokenInText: 1 });
    const card = DatasetCardSchema.parse(JSON.parse(await readFile(join(out, 'card.json'), 'utf8')));
    assert.deepEqual(card, summary.card);
    assert.equal(card.quadruples, 5);
    assert.equal(card.shareBelowMinAccuracy, 0.2);
    assert.deepEqual(card.categories, [
      { category: 'color_alter', kept: 2, leftOut: 2 },
      { category: 'removal', kept: 1, leftOut: 0 },
    ]);
    // Kept final scores 3, 9.5, 10.
    assert.deepEqual(
      card.finalScores.map((b) => b.count),
      [0, 0, 0, 1, 0, 0, 0, 0, 0, 2],
    );
    // Selected accuracy: kept 1, 1, 0.6; left out 0.4, 0.9. Traces: [1, .5] x2, [.6], [.4, .2], [1, .5].
    assert.deepEqual(
      card.accuracy.map((b) => [b.kept, b.leftOut, b.traces]),
      [
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 1],
        [0, 0, 0],
        [0, 1, 1],
        [0, 0, 3],
        [1, 0, 1],
        [0, 0, 0],
        [0, 0, 0],
        [2, 1, 3],
      ],
    );
    assert.deepEqual(card.members, [
      { model: 'qwen', promptVariant: 'standard', kept: 2 },
      { model: 'seed', promptVariant: 'strict', kept: 1 },
    ]);
    const readme = await readFile(join(out, 'README.md'), 'utf8');
    assert.match(readme, /Quadruples with no trace at or above it \(left out\): 1 \(20\.0%\)/);
    assert.match(readme, /^\[9, 10\] █{40} +2$/m);
    assert.match(readme, /^\[3, 4\) +█{20} +1$/m);
  });

  it('is deterministic: any row order and key order give byte-identical folders', async () => {
    const reversedKeys = (value: object) => Object.fromEntries(Object.entries(value).reverse());
    const shuffled = [rows[3]!, rows[0]!, rows[4]!, rows[2]!, rows[1]!].map(
      (r) => ({ ...reversedKeys(r), principles: r.principles.map(reversedKeys) }) as SelectedRow,
    );
    for (const format of ['llamafactory', 'swift', 'jsonl'] as const) {
      const [a, b] = [await tempDir(), await tempDir()];
      await exportDataset(rows, options(a, { format }));
      await exportDataset(shuffled, options(b, { format }));
      assert.deepEqual(await snapshot(b), await snapshot(a), format);
    }
  });

  it('link and copy give the same files; linked images share the source inode', async () => {
    const [copied, linked] = [await tempDir(), await tempDir()];
    await exportDataset(rows, options(copied));
    const summary = await exportDataset(rows, options(linked, { images: 'link' }));
    assert.deepEqual(await snapshot(linked), await snapshot(copied));
    assert.deepEqual(summary.images, { stored: 5, copied: 0, linked: 5, reused: 0 });
    const data = LlamaFactoryDataSchema.parse(JSON.parse(await readFile(join(linked, 'data.json'), 'utf8')));
    const [exported, original] = await Promise.all([
      stat(join(linked, data[0]!.images[0]!)),
      stat(join(src, 's1.png')),
    ]);
    assert.equal(exported.ino, original.ino);
  });

  it('exporting again into the same folder reuses the images and rewrites identical files', async () => {
    const out = await tempDir();
    await exportDataset(rows, options(out));
    const first = await snapshot(out);
    const again = await exportDataset(rows, options(out));
    assert.deepEqual(again.images, { stored: 5, copied: 0, linked: 0, reused: 5 });
    assert.deepEqual(await snapshot(out), first);
  });

  it('rejects bad options and bad rows with what to fix, before writing anything', async () => {
    const out = join(await tempDir(), 'never');
    const rejects = (promise: Promise<unknown>, pattern: RegExp) =>
      assert.rejects(promise, (e: unknown) => e instanceof UsageError && pattern.test(e.message));
    await rejects(
      exportDataset(rows, options(out, { minAccuracy: 1.5 })),
      /minAccuracy: expected a number from 0 to 1/,
    );
    await rejects(
      exportDataset(rows, options(out, { format: 'csv' as 'swift' })),
      /unknown export format "csv"/,
    );
    await rejects(
      exportDataset(rows, options(out, { images: 'move' as 'copy' })),
      /images: expected "copy" or "link"/,
    );
    await rejects(exportDataset(rows, options(out, { datasetName: 'my set' })), /datasetName "my set"/);
    await rejects(exportDataset([rows[0]!, rows[0]!], options(out)), /quadruple q2 appears twice/);
    await rejects(
      exportDataset([rows[1]!, { ...rows[0]!, accuracy: 1.2 }], options(out)),
      /rows\[1\] \(quadruple q2\): accuracy: accuracy must be from 0 to 1/,
    );
    await rejects(
      exportDataset([{ ...rows[0]!, promptVariant: 'chatty' }], options(out)),
      /promptVariant: promptVariant must be one of standard, strict, concise/,
    );
    await rejects(
      exportDataset([{ ...rows[0]!, source: 's1.png' }], options(out)),
      /source must be an absolute path/,
    );
    await assert.rejects(access(out));
  });

  it('stops on a missing image without leaving a data file behind', async () => {
    const out = await tempDir();
    const missing = { ...rows[1]!, edited: join(src, 'gone.png') };
    await assert.rejects(exportDataset([missing], options(out)), (e: unknown) => {
      assert.ok(e instanceof InvalidImageError);
      assert.match(e.message, /quadruple q1: edited image: cannot read/);
      return true;
    });
    assert.deepEqual(await readdir(out).then((names) => names.sort()), ['images']);
  });

  it('writes valid empty files when every quadruple is left out', async () => {
    const out = await tempDir();
    const summary = await exportDataset(rows, options(out, { minAccuracy: 1, format: 'llamafactory' }));
    assert.equal(summary.kept, 2); // q1 and q2 have accuracy 1
    const none = await exportDataset([rows[2]!], options(await tempDir(), { format: 'llamafactory' }));
    assert.equal(none.kept, 0);
    assert.deepEqual(
      LlamaFactoryDataSchema.parse(JSON.parse(await readFile(join(none.outDir, 'data.json'), 'utf8'))),
      [],
    );
    assert.equal(none.card.shareBelowMinAccuracy, 1);
  });
});

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { ConfigError } from '../../core/index.js';
import { EDIT_CATEGORIES } from '../../world/index.js';
import { readInputs } from './read-inputs.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const png = (r: number) =>
  sharp({ create: { width: 8, height: 8, channels: 3, background: { r, g: 0, b: 0 } } })
    .png()
    .toBuffer();
const jsonl = (lines: unknown[]) =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';

async function fixture(
  lines: unknown[] | ((dir: string) => unknown[]),
): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'inputs-'));
  await mkdir(join(dir, 'img'));
  await writeFile(join(dir, 'img', 'a.png'), await png(10));
  await writeFile(join(dir, 'img', 'b.png'), await png(200));
  const file = join(dir, 'inputs.jsonl');
  await writeFile(file, jsonl(typeof lines === 'function' ? lines(dir) : lines));
  return { dir, file };
}

const rule = { type: 'rule' } as const;
const given = { type: 'given' } as const;

async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
  }
  assert.fail('expected a ConfigError');
}

describe('readInputs: JSONL', () => {
  test('resolves sources against the file, hashes their bytes, keeps order, category and principles', async () => {
    const principles = [{ question: 'Is the square red?', category: 'instruction-following' }];
    const { dir, file } = await fixture((dir) => [
      {
        id: 'x1',
        source: 'img/a.png',
        instruction: ' make it red ',
        category: 'color_alter',
        principles,
        extra: 1,
      },
      '',
      { id: 'x2', source: join(dir, 'img/b.png'), instruction: 'add a cat' },
    ]);
    const inputs = await readInputs({ inputs: { jsonl: file }, workDir: dir, decomposer: rule });
    assert.deepEqual(inputs, [
      {
        id: 'x1',
        source: join(dir, 'img/a.png'),
        instruction: 'make it red',
        category: 'color_alter',
        principles,
        sourceSha256: sha256(await readFile(join(dir, 'img/a.png'))),
      },
      {
        id: 'x2',
        source: join(dir, 'img/b.png'),
        instruction: 'add a cat',
        sourceSha256: sha256(await readFile(join(dir, 'img/b.png'))),
      },
    ]);
  });

  test('lists every bad line with file:line and field: JSON, fields, duplicate ids, missing files', async () => {
    const { file } = await fixture([
      { id: 'ok', source: 'img/a.png', instruction: 'x' },
      '{"id": "broken",',
      { id: 'ok', source: 'img/b.png', instruction: 'y' },
      { id: 'c', source: 'img/missing.png', instruction: 'z' },
      { id: 'd/e', source: 'img/a.png', instruction: '', principles: [] },
      { source: 'img/a.png', instruction: 'w' },
    ]);
    const lines = await problemsOf(
      readInputs({ inputs: { jsonl: file }, workDir: '/tmp', decomposer: rule }),
    );
    assert.equal(lines.length, 7);
    assert.match(lines[0]!, new RegExp(`^${file}:2: not valid JSON`));
    assert.equal(lines[1], `${file}:3: id: "ok" is already the id of line 1; ids must be unique`);
    assert.equal(
      lines[2],
      `${file}:4: source: no file at ${join(file, '..', 'img/missing.png')}; paths are relative to the JSONL file`,
    );
    assert.deepEqual(lines.slice(3, 6), [
      `${file}:5: id: expected an id without /, \\ or control characters`,
      `${file}:5: instruction: expected a non-empty instruction`,
      `${file}:5: principles: give at least one principle`,
    ]);
    assert.equal(lines[6], `${file}:6: id: expected a string id`);
  });

  test('decomposer given needs principles on every line, naming the lines without', async () => {
    const principles = [{ question: 'Is it red?', category: 'instruction-following' }];
    const { file } = await fixture([
      { id: 'a', source: 'img/a.png', instruction: 'x', principles },
      { id: 'b', source: 'img/b.png', instruction: 'y' },
    ]);
    const lines = await problemsOf(
      readInputs({ inputs: { jsonl: file }, workDir: '/tmp', decomposer: given }),
    );
    assert.deepEqual(lines, [
      `${file}:2: principles: required: the decomposer is {type: given}; add principles to every line, or use decomposer {type: rule} or {type: vlm}`,
    ]);
  });

  test('a missing JSONL file says so', async () => {
    await assert.rejects(
      readInputs({ inputs: { jsonl: '/no/inputs.jsonl' }, workDir: '/tmp', decomposer: rule }),
      /cannot read inputs JSONL \/no\/inputs\.jsonl \(ENOENT\)/,
    );
  });
});

describe('readInputs: EditWorld', () => {
  const options = { seed: 7, sources: 3, size: 64 };

  test('makes the seeded sources with their edits, renders them once, and a rerun writes nothing', async () => {
    const workDir = await mkdtemp(join(tmpdir(), 'world-inputs-'));
    const config = { inputs: { editworld: options }, workDir, decomposer: given };
    const first = await readInputs(config);
    assert.deepEqual(
      first.map((i) => i.id),
      ['s0001', 's0002', 's0003'],
    );
    for (const input of first) {
      const bytes = await readFile(input.source);
      assert.equal(input.source, join(workDir, 'world', `${input.id}.png`));
      assert.equal(input.sourceSha256, sha256(bytes));
      assert.deepEqual((await sharp(bytes).metadata()).width, 64);
      assert.ok(input.world);
      assert.equal(input.instruction, input.world.edit.instruction);
      assert.equal(input.category, input.world.edit.category);
      assert.ok((EDIT_CATEGORIES as readonly string[]).includes(input.category!));
      assert.deepEqual(input.principles, input.world.edit.principles);
      assert.ok(input.principles!.every((p) => p.check !== undefined));
    }
    const mtimes = await Promise.all(first.map(async (i) => (await stat(i.source)).mtimeMs));
    const again = await readInputs(config);
    assert.deepEqual(again, first);
    assert.deepEqual(await Promise.all(again.map(async (i) => (await stat(i.source)).mtimeMs)), mtimes);
  });

  test('another seed gives other sources; the same seed elsewhere gives byte-identical files', async () => {
    const [a, b] = [await mkdtemp(join(tmpdir(), 'wa-')), await mkdtemp(join(tmpdir(), 'wb-'))];
    const one = await readInputs({ inputs: { editworld: options }, workDir: a, decomposer: given });
    const two = await readInputs({ inputs: { editworld: options }, workDir: b, decomposer: given });
    const other = await readInputs({
      inputs: { editworld: { ...options, seed: 8 } },
      workDir: b,
      decomposer: given,
    });
    assert.deepEqual(
      one.map((i) => i.sourceSha256),
      two.map((i) => i.sourceSha256),
    );
    assert.notDeepEqual(
      one.map((i) => i.sourceSha256),
      other.map((i) => i.sourceSha256),
    );
  });
});

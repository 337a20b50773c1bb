import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, UsageError } from '../../core/index.js';
import type { PreparedInput } from '../inputs/index.js';
import { createCandidateSources } from './create-candidate-sources.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const input = (id: string): PreparedInput => ({ id, source: '/s.png', instruction: 'x', sourceSha256: 'ab' });
const ctx = { workDir: '/unused', backends: {} };

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'cands-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

describe('folder candidate source', () => {
  test('one candidate per image file of <path>/<inputId>/, sorted by name; others and other inputs get none', async () => {
    const dir = await tree({
      'edits/a/z.png': 'z',
      'edits/a/b.JPG': 'b',
      'edits/a/c.webp': 'c',
      'edits/a/notes.txt': 'n',
      'edits/a/d.jpeg': 'd',
      'edits/empty/readme.md': '',
    });
    const [source] = await createCandidateSources({
      seed: 0,
      candidates: [{ name: 'flux', type: 'folder', path: join(dir, 'edits') }],
    });
    assert.ok(source);
    const plan = source.plan(input('a'));
    assert.deepEqual(
      plan.map((p) => p.candidateId),
      ['b.JPG', 'c.webp', 'd.jpeg', 'z.png'],
    );
    assert.deepEqual(plan[0]?.parts, {
      source: 'flux',
      type: 'folder',
      inputId: 'a',
      file: join(dir, 'edits/a/b.JPG'),
    });
    assert.deepEqual(source.plan(input('empty')), []);
    assert.deepEqual(source.plan(input('nobody')), []);
    const result = await source.run(input('a'), 'z.png', ctx);
    assert.deepEqual(result, {
      edited: join(dir, 'edits/a/z.png'),
      sha256: sha256(Buffer.from('z')),
      editor: 'flux',
      candidateId: 'z.png',
    });
    await assert.rejects(source.run(input('a'), 'notes.txt', ctx), UsageError);
  });

  test('a missing folder is a ConfigError naming the field and path', async () => {
    await assert.rejects(
      createCandidateSources({ seed: 0, candidates: [{ name: 'f', type: 'folder', path: '/no/edits' }] }),
      (e: unknown) =>
        e instanceof ConfigError && /^candidates\[0\]\.path: no folder at \/no\/edits;/.test(e.message),
    );
  });
});

describe('jsonl candidate source', () => {
  test('lines {inputId, edited, id?} with paths relative to the file, in file order per input', async () => {
    const dir = await tree({ 'out/1.png': 'one', 'out/2.png': 'two' });
    const file = join(dir, 'edits.jsonl');
    await writeFile(
      file,
      [
        { inputId: 'a', edited: 'out/2.png', id: 'second' },
        { inputId: 'b', edited: join(dir, 'out/1.png') },
        { inputId: 'a', edited: 'out/1.png' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const [source] = await createCandidateSources({
      seed: 0,
      candidates: [{ name: 'mine', type: 'jsonl', path: file }],
    });
    assert.ok(source);
    assert.deepEqual(source.plan(input('a')), [
      {
        candidateId: 'second',
        parts: { source: 'mine', type: 'jsonl', inputId: 'a', id: 'second', file: join(dir, 'out/2.png') },
      },
      {
        candidateId: 'out/1.png',
        parts: { source: 'mine', type: 'jsonl', inputId: 'a', id: 'out/1.png', file: join(dir, 'out/1.png') },
      },
    ]);
    assert.equal(source.plan(input('b')).length, 1);
    const result = await source.run(input('a'), 'second', ctx);
    assert.equal(result.sha256, sha256(await readFile(join(dir, 'out/2.png'))));
  });

  test('bad lines, duplicate ids and missing images are listed with file:line', async () => {
    const dir = await tree({ 'out/1.png': 'one' });
    const file = join(dir, 'edits.jsonl');
    await writeFile(
      file,
      [
        JSON.stringify({ inputId: 'a', edited: 'out/1.png' }),
        JSON.stringify({ inputId: 'a', edited: 'out/1.png' }),
        JSON.stringify({ inputId: 'a', edited: 'out/gone.png', id: 'g' }),
        JSON.stringify({ edited: 'out/1.png' }),
      ].join('\n'),
    );
    await assert.rejects(
      createCandidateSources({ seed: 0, candidates: [{ name: 'm', type: 'jsonl', path: file }] }),
      (e: unknown) => {
        assert.ok(e instanceof ConfigError);
        assert.deepEqual(
          e.message
            .split('\n')
            .slice(1)
            .map((l) => l.trim()),
          [
            `${file}:2: id: input "a" already has candidate "out/1.png" (line 1); give each an id`,
            `${file}:3: edited: no file at ${join(dir, 'out/gone.png')}; paths are relative to the JSONL file`,
            `${file}:4: inputId: expected a string id`,
          ],
        );
        return true;
      },
    );
  });
});

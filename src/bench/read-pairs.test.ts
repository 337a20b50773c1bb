import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { UsageError } from '../core/index.js';
import { readPairsFile, resolveImageRef } from './read-pairs.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edit-r1-pairs-'));
});
after(() => rm(dir, { recursive: true, force: true }));

const GOOD = {
  id: 'p1',
  instruction: 'make it red',
  source: 's.png',
  a: 'a.png',
  b: 'b.png',
  preference: 'a',
};

async function pairsFile(name: string, lines: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, lines.join('\n'));
  return file;
}

async function rejection(file: string): Promise<string> {
  try {
    await readPairsFile(file);
  } catch (error) {
    assert.ok(error instanceof UsageError, String(error));
    return error.message;
  }
  assert.fail('the file was accepted');
}

test('image refs: relative paths against the file folder; absolute paths and URLs unchanged', () => {
  assert.equal(resolveImageRef('img/a.png', '/data/bench'), '/data/bench/img/a.png');
  assert.equal(resolveImageRef('../a.png', '/data/bench'), '/data/a.png');
  assert.equal(resolveImageRef('/abs/a.png', '/data/bench'), '/abs/a.png');
  for (const url of ['data:image/png;base64,AAAA', 'https://x.org/a.png', 'file:///tmp/a.png']) {
    assert.equal(resolveImageRef(url, '/data/bench'), url);
  }
});

test('reads valid lines, skips blank ones, defaults the category, keeps the line number', async () => {
  const file = await pairsFile('ok.jsonl', [
    JSON.stringify(GOOD),
    '',
    JSON.stringify({ ...GOOD, id: 'p2', extra: 1 }),
  ]);
  const pairs = await readPairsFile(file);
  assert.deepEqual(
    pairs.map((p) => [p.pair.id, p.line, p.pair.category, p.pair.a]),
    [
      ['p1', 1, 'uncategorized', join(dir, 'a.png')],
      ['p2', 3, 'uncategorized', join(dir, 'a.png')],
    ],
  );
});

test('errors name file:line and the field', async () => {
  const { preference: _, ...noPreference } = GOOD;
  const cases: [string[], RegExp][] = [
    [[JSON.stringify(GOOD), '{"id": "p2",'], /bad1\.jsonl:2: not valid JSON/],
    [
      [JSON.stringify(GOOD), '', JSON.stringify({ ...noPreference, id: 'p2' })],
      /bad2\.jsonl:3: field 'preference': is missing/,
    ],
    [[JSON.stringify({ ...GOOD, preference: 'A' })], /bad3\.jsonl:1: field 'preference': /],
    [[JSON.stringify({ ...GOOD, a: '' })], /bad4\.jsonl:1: field 'a': /],
    [
      [JSON.stringify({ ...GOOD, principles: [{ question: 'Red?', category: 'colour' }] })],
      /bad5\.jsonl:1: field 'principles\.0\.category': category must be one of/,
    ],
    [
      [JSON.stringify(GOOD), JSON.stringify(GOOD)],
      /bad6\.jsonl:2: field 'id': 'p1' is already used on line 1/,
    ],
    [['[1, 2]'], /bad7\.jsonl:1: Invalid input: expected object, received array$/],
    [['', '  '], /bad8\.jsonl has no pairs/],
    // Several bad lines: only the earliest is shown, on one line.
    [['{', JSON.stringify({ ...GOOD, a: '' })], /^[^\n]*bad9\.jsonl:1: not valid JSON[^\n]*$/],
  ];
  for (const [i, [lines, expected]] of cases.entries()) {
    assert.match(await rejection(await pairsFile(`bad${i + 1}.jsonl`, lines)), expected);
  }
  assert.match(
    await rejection(join(dir, 'absent.jsonl')),
    /cannot read the pairs file .*absent\.jsonl \(ENOENT\)/,
  );
});

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createEmbeddedJudge } from './embedded-judge.js';
import { withWhiteBorder } from './test-images.js';

const DATA = new URL('../../../../shared/data/real-edits/', import.meta.url);
const present = existsSync(fileURLToPath(DATA));

interface Edit {
  id: string;
  task: string;
  instruction: string;
  source: string;
  target: string;
}

const magicbrush: Edit[] = present
  ? readFileSync(new URL('edits.jsonl', DATA), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Edit)
      .filter((edit) => edit.task === 'magicbrush')
  : [];

test(
  'real MagicBrush edits: the target beats the unchanged source (near-identical) and a white-bordered target',
  { skip: present ? false : `${fileURLToPath(DATA)} is absent (the shared real-edits photos)` },
  async () => {
    assert.ok(magicbrush.length > 0, 'edits.jsonl lists magicbrush items');
    const judge = createEmbeddedJudge();
    for (const edit of magicbrush) {
      const source = readFileSync(new URL(edit.source, DATA));
      const target = readFileSync(new URL(edit.target, DATA));
      const { instruction } = edit;
      const good = await judge.judge({ source, edited: target, instruction });
      const copy = await judge.judge({ source, edited: source, instruction });
      const framed = await judge.judge({ source, edited: await withWhiteBorder(target), instruction });
      const what = `${edit.id} "${instruction}": target ${good.finalScore}\n${good.trace}`;
      assert.ok(good.finalScore > 0, what);
      assert.deepEqual(good.rulesApplied, [], what);
      assert.equal(copy.finalScore, 0);
      assert.deepEqual(
        copy.rulesApplied.map((r) => r.rule),
        ['near-identical'],
      );
      assert.equal(framed.finalScore, 0);
      assert.ok(
        framed.rulesApplied.some((r) => r.rule === 'white-border'),
        `${edit.id}: white-border rule`,
      );
    }
  },
);

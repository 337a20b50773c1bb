import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createEmbeddedJudge } from './embedded-judge.js';
import { withWhiteBorder } from './test-images.js';
import { readRealEdits, realEditsSkip } from '../../testing/index.js';

const magicbrush = realEditsSkip ? [] : readRealEdits().filter((edit) => edit.task === 'magicbrush');

test(
  'real MagicBrush edits: the target beats the unchanged source (near-identical) and a white-bordered target',
  { skip: realEditsSkip },
  async () => {
    assert.ok(magicbrush.length > 0, 'edits.jsonl lists magicbrush items');
    const judge = createEmbeddedJudge();
    for (const edit of magicbrush) {
      const source = readFileSync(edit.source);
      const target = readFileSync(edit.target);
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

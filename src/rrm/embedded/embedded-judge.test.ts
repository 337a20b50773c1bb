import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { UsageError, VerdictSchema, type Principle } from '../../core/index.js';
import { createEmbeddedJudge } from './embedded-judge.js';
import { NoVerifiablePrincipleError } from './errors.js';
import { scene, withWhiteBorder } from './test-images.js';

const judge = createEmbeddedJudge();
const unchecked = (question: string, category: Principle['category']): Principle => ({ question, category });

/** On the recoloured-square edit: 3 checks pass, 1 fails, 1 principle has no check. */
const MIXED: Principle[] = [
  { question: 'Did the image change?', category: 'instruction-following', check: { kind: 'changed' } },
  {
    question: 'Is it brighter?',
    category: 'instruction-following',
    check: { kind: 'tone', attribute: 'brightness', direction: 'increase', minDelta: 0.05 },
  },
  {
    question: 'Is the change local?',
    category: 'feature-preservation',
    check: { kind: 'change-localized', maxChangedShare: 0.2 },
  },
  { question: 'No border?', category: 'image-quality', check: { kind: 'no-border' } },
  unchecked('Is the square now blue?', 'instruction-following'),
];

test('scores from the verified points only, and says which need a VLM', async () => {
  const verdict = await judge.judge({
    source: await scene(),
    edited: await scene('#3040e0'),
    instruction: 'Make the square blue and the picture brighter',
    principles: MIXED,
  });
  VerdictSchema.parse(verdict);
  assert.deepEqual(
    verdict.points.map((p) => p.score),
    [1, 0, 1, 1, null],
  );
  assert.equal(
    verdict.points[4]!.reason,
    'needs a VLM: no machine-checkable form; answering it takes looking at the picture',
  );
  // IF 1/2, FP 1/1, IQ 1/1: 10 x (0.6 x 0.5 + 0.25 x 1 + 0.15 x 1) / 1.0 = 7
  assert.equal(verdict.finalScore, 7);
  assert.equal(verdict.averageScore, 0.75);
  assert.equal(verdict.verifiedShare, 0.8);
  assert.equal(verdict.judge, 'embedded');
  assert.deepEqual(verdict.rulesApplied, []);
  assert.match(verdict.trace, /verified 4 of 5 principles; 1 need a VLM/);
  assert.match(verdict.trace, /2\. FAIL \[instruction-following\] Is it brighter\?\n {3}brightness fell/);
  assert.match(verdict.trace, /= 7\.00\.\nFinal score: 7\.$/);
});

test('an added white border fails no-border and the hard rule sets the score to 0', async () => {
  const source = await scene();
  const verdict = await judge.judge({
    source,
    edited: await withWhiteBorder(await scene('#3040e0')),
    instruction: 'Make the square blue',
    principles: MIXED,
  });
  assert.equal(verdict.points[3]!.score, 0);
  assert.equal(verdict.finalScore, 0);
  assert.equal(verdict.rulesApplied.length, 1);
  const [rule] = verdict.rulesApplied;
  assert.equal(rule!.rule, 'white-border');
  // changed 1, brighter 1 (white pads lift the mean), localized 0, border 0: 10 x (0.6 x 2/2 + 0) / 1.0 = 6,
  // capped at 3 because the failed locality check marks the edit as over-edited (the shrunk image moved everywhere)
  assert.equal(rule!.scoreBefore, 3);
  assert.match(
    verdict.trace,
    /Hard rule 'white-border': the edit adds a white border .*; the score is 0\.\nFinal score: 0\.$/,
  );
});

test('with no verifiable principle it refuses to score, with a clear usage error', async () => {
  const input = {
    source: await scene(),
    edited: await scene('#3040e0'),
    instruction: 'Make the square blue',
    principles: [
      unchecked('Is the square blue?', 'instruction-following'),
      unchecked('Sharp?', 'image-quality'),
    ],
  };
  await assert.rejects(judge.judge(input), (e: unknown) => {
    assert.ok(e instanceof NoVerifiablePrincipleError);
    assert.equal(e.exitCode, 2);
    assert.match(
      e.message,
      /^none of the 2 principles can be checked offline; pass principles with checks, or use a VLM backend \(--backend openai/,
    );
    return true;
  });
});

test('an unchanged edit scores 0 by the near-identical rule even when nothing else could be checked', async () => {
  const source = await scene();
  const verdict = await judge.judge({
    source,
    edited: await sharp(source).jpeg({ quality: 90 }).toBuffer(),
    instruction: 'Make the square blue',
    principles: [unchecked('Is the square blue?', 'instruction-following')],
  });
  assert.equal(verdict.finalScore, 0);
  assert.equal(verdict.averageScore, null);
  assert.equal(verdict.verifiedShare, 0);
  assert.deepEqual(
    verdict.rulesApplied.map((r) => [r.rule, r.scoreBefore]),
    [['near-identical', null]],
  );
});

test('without principles it asks its decomposer, and reports them from sample()', async () => {
  const decomposed: Principle[] = [
    { question: 'Did it change?', category: 'instruction-following', check: { kind: 'changed' } },
  ];
  const asked: string[] = [];
  const withDecomposer = createEmbeddedJudge({
    decomposer: {
      id: 'fixed',
      decompose: async ({ instruction }) => {
        asked.push(instruction);
        return decomposed;
      },
    },
  });
  const set = await withDecomposer.sample(
    { source: await scene(), edited: await scene('#3040e0'), instruction: 'Recolour' },
    3,
  );
  assert.deepEqual(asked, ['Recolour']);
  assert.deepEqual(set.principles, decomposed);
  assert.equal(set.verdicts.length, 3);
  assert.deepEqual(set.failures, []);
  // Deterministic: three equal verdicts, no spread.
  assert.deepEqual(set.verdicts[2], set.verdicts[0]);
  assert.deepEqual([set.summary.n, set.summary.parsed, set.summary.mean, set.summary.std], [3, 3, 10, 0]);
});

test('bad principles and a bad sample count are usage errors', async () => {
  const input = { source: await scene(), edited: await scene('#3040e0'), instruction: 'Recolour' };
  await assert.rejects(judge.judge({ ...input, principles: [] }), UsageError);
  await assert.rejects(
    judge.judge({ ...input, principles: [{ question: 'Q?', category: 'vibes' } as unknown as Principle] }),
    /invalid principles at '0\.category': category must be one of/,
  );
  await assert.rejects(judge.sample({ ...input, principles: MIXED }, 0), /whole number >= 1, got 0/);
});

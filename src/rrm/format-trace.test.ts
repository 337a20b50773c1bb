import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PointVerdict, Principle, Rng } from '../core/index.js';
import { CATEGORIES, createRng, UsageError } from '../core/index.js';
import { formatRrmTrace } from './format-trace.js';
import { parseJudgeReply } from './parse-verdict.js';

/** Pieces a generated reason or question is made of: quotes, backslashes, brackets, non-ASCII, emoji. */
const WORDS = [
  'the',
  'cup',
  "man's",
  'say "hi"',
  'back\\slash',
  '{braces}',
  '[x, y]',
  'café',
  '東京タワー',
  'Straße',
  'ÅNGSTRÖM',
  '🙂',
  'naïve',
  'a\tb',
  'line\nbreak',
  '50%',
  '<b>',
  "it's",
  ':',
  ',',
];

const pick = <T>(items: readonly T[], rng: Rng): T => items[rng.int(0, items.length - 1)]!;
const phrase = (rng: Rng, words: number): string =>
  Array.from({ length: words }, () => pick(WORDS, rng)).join(' ');

function generatedCase(rng: Rng): { points: PointVerdict[]; principles: Principle[]; finalScore: number } {
  const count = rng.int(1, 12);
  const points: PointVerdict[] = Array.from({ length: count }, (_, i) => {
    const point: PointVerdict = {
      // Numbered so the questions differ once normalised: the parser matches by text.
      question: `${phrase(rng, rng.int(1, 6))} number ${i}?`,
      category: pick(CATEGORIES, rng),
      score: rng.int(0, 1) as 0 | 1,
    };
    if (rng.next() < 0.7) point.reason = phrase(rng, rng.int(1, 10)).trim() || 'ok';
    if (rng.next() < 0.3) {
      const [x0, y0] = [rng.int(0, 500), rng.int(0, 500)];
      point.box = { x0, y0, x1: x0 + rng.int(1, 300), y1: y0 + rng.int(1, 300) };
    }
    return point;
  });
  const principles = points.map((p) => ({ question: p.question, category: p.category }));
  const kind = rng.int(0, 2);
  const finalScore = kind === 0 ? rng.int(0, 20) / 2 : kind === 1 ? rng.int(0, 1000) / 100 : rng.next() * 10;
  return { points, principles, finalScore };
}

describe('formatRrmTrace', () => {
  it('is read back by parseJudgeReply, tolerant and strict, with the same points and final score (500 cases)', () => {
    const rng = createRng(11);
    for (let n = 0; n < 500; n++) {
      const { points, principles, finalScore } = generatedCase(rng);
      const trace = formatRrmTrace({ reasoning: `Checking: ${phrase(rng, 30)}`, points, finalScore });
      for (const mode of ['tolerant', 'strict'] as const) {
        const parsed = parseJudgeReply(trace, principles, { mode });
        assert.deepEqual(parsed.points, points, `case ${n} (${mode}):\n${trace}`);
        assert.deepEqual(parsed.warnings, [], `case ${n} (${mode})`);
        assert.equal(parsed.finalScore, finalScore, `case ${n}`);
      }
    }
  });

  it('gives back any final score exactly', () => {
    const points: PointVerdict[] = [{ question: 'Q?', category: 'image-quality', score: 1 }];
    for (let hundredths = 0; hundredths <= 1000; hundredths++) {
      const finalScore = hundredths / 100;
      const parsed = parseJudgeReply(formatRrmTrace({ reasoning: 'r', points, finalScore }), points);
      assert.equal(parsed.finalScore, finalScore);
    }
  });

  it('writes reasoning, the json list with category labels, the average and the tag, in that order', () => {
    const trace = formatRrmTrace({
      reasoning: '  The cup is red.\n',
      points: [
        { question: 'Is the cup red?', category: 'instruction-following', score: 1, reason: ' red now ' },
        { question: 'Is the table kept?', category: 'feature-preservation', score: 0 },
        { question: 'Sharp?', category: 'image-quality', score: 1, reason: '   ' },
      ],
      finalScore: 6.5,
    });
    assert.equal(
      trace,
      [
        'The cup is red.',
        '',
        '```json',
        '[',
        '  {"question":"Is the cup red?","category":"Instruction Following","score":1,"reason":"red now"},',
        '  {"question":"Is the table kept?","category":"Feature Preservation","score":0},',
        '  {"question":"Sharp?","category":"Image Quality","score":1}',
        ']',
        '```',
        '',
        // 2/3 written with two decimals
        '{"average_score":0.67}',
        '',
        '<score>6.5</score>',
      ].join('\n'),
    );
  });

  it('keeps the score of a reasoning that states another one in prose (the embedded trace does)', () => {
    const points: PointVerdict[] = [{ question: 'Changed?', category: 'instruction-following', score: 1 }];
    const trace = formatRrmTrace({ reasoning: 'Verified 1 of 1.\nFinal score: 3.', points, finalScore: 0 });
    const parsed = parseJudgeReply(trace, points, { mode: 'strict' });
    assert.equal(parsed.finalScore, 0);
  });

  it('refuses points with no score, naming one', () => {
    assert.throws(
      () =>
        formatRrmTrace({
          reasoning: 'r',
          points: [
            { question: 'Is the cup red?', category: 'instruction-following', score: 1 },
            { question: 'Is the sky blue?', category: 'feature-preservation', score: null },
          ],
          finalScore: 5,
        }),
      (error: unknown) =>
        error instanceof UsageError &&
        /1 point\(s\) have no 0\/1 score.*Is the sky blue\?/.test(error.message),
    );
  });

  it('refuses an empty point list and a final score outside 0-10 or not plain decimal', () => {
    const points: PointVerdict[] = [{ question: 'Q?', category: 'image-quality', score: 1 }];
    assert.throws(() => formatRrmTrace({ reasoning: 'r', points: [], finalScore: 5 }), UsageError);
    for (const finalScore of [-1, 10.5, Number.NaN, 1e-7]) {
      assert.throws(() => formatRrmTrace({ reasoning: 'r', points, finalScore }), UsageError);
    }
  });
});

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { Principle } from '../core/index.js';
import { averageOfPoints, ParseError, UsageError } from '../core/index.js';
import { withinSeconds } from '../testing/within-time.js';
import type { Expectation } from './__fixtures__/replies/index.js';
import { FIXTURE_PRINCIPLES, readReplyFixture, REPLY_FIXTURES } from './__fixtures__/replies/index.js';
import type { ParseMode } from './parse-verdict.js';
import { parseJudgeReply } from './parse-verdict.js';

function assertParse(raw: string, expected: Expectation, mode: ParseMode): void {
  if ('error' in expected) {
    assert.throws(
      () => parseJudgeReply(raw, FIXTURE_PRINCIPLES, { mode }),
      (error: unknown) => {
        assert.ok(error instanceof ParseError, `expected a ParseError, got ${String(error)}`);
        assert.match(error.message, new RegExp(expected.error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        assert.equal(error.raw, raw, 'the raw reply is kept on the error');
        return true;
      },
    );
    return;
  }
  const parsed = parseJudgeReply(raw, FIXTURE_PRINCIPLES, { mode });
  assert.equal(parsed.finalScore, expected.finalScore);
  assert.deepEqual(
    parsed.points.map((p) => p.score),
    expected.points,
  );
  assert.deepEqual(
    parsed.points.map((p) => [p.question, p.category]),
    FIXTURE_PRINCIPLES.map((p) => [p.question, p.category]),
    'points follow the principles, with their wording and category',
  );
  assert.equal(parsed.reportedAverage, expected.reportedAverage);
  assert.equal(
    parsed.warnings.length,
    expected.warnings.length,
    `warnings: ${JSON.stringify(parsed.warnings)}`,
  );
  expected.warnings.forEach((w, i) =>
    assert.ok(parsed.warnings[i]!.includes(w), `${parsed.warnings[i]} has ${w}`),
  );
}

describe('parseJudgeReply on recorded reply shapes', () => {
  it('has an expectation for every fixture file, and a file for every expectation', () => {
    const files = readdirSync(new URL('./__fixtures__/replies/', import.meta.url)).filter((f) =>
      f.endsWith('.txt'),
    );
    assert.deepEqual(files.sort(), REPLY_FIXTURES.map((f) => f.file).sort());
    assert.ok(files.length >= 20);
  });

  for (const fixture of REPLY_FIXTURES) {
    it(`${fixture.file} (${fixture.imitates}: ${fixture.shape})`, () => {
      const raw = readReplyFixture(fixture.file);
      assertParse(raw, fixture.tolerant, 'tolerant');
      assertParse(raw, fixture.strict === 'same' ? fixture.tolerant : fixture.strict, 'strict');
    });
  }
});

describe('parseJudgeReply details', () => {
  const principles = FIXTURE_PRINCIPLES;

  it('reads reasons (reason or explanation) and boxes (the first of several; null ignored)', () => {
    const { points } = parseJudgeReply(readReplyFixture('reasons-and-boxes.txt'), principles);
    assert.equal(points[0]!.reason, "The cup's right edge (316) is left of the remote's left edge (402).");
    assert.deepEqual(points[0]!.box, { x0: 188, y0: 392, x1: 316, y1: 566 });
    assert.deepEqual(points[1]!.box, { x0: 828, y0: 636, x1: 1022, y1: 659 });
    assert.equal(points[2]!.reason, 'Remote box is identical in both images.');
    assert.equal(points[2]!.box, undefined);
    assert.equal(points[4]!.box, undefined);
  });

  it('keeps non-ASCII reasons as written', () => {
    const { points } = parseJudgeReply(readReplyFixture('non-ascii.txt'), principles);
    assert.equal(points[0]!.reason, '杯子从右侧移到了遥控器左侧 👍');
    assert.equal(points[3]!.reason, "Le mur et la fenêtre sont préservés, l'affiche « café » aussi");
  });

  it('keeps apostrophes inside single-quoted pseudo-JSON strings', () => {
    const { points } = parseJudgeReply(readReplyFixture('single-quotes.txt'), principles);
    assert.equal(points[2]!.reason, "The table's edge is warped where the cup was");
  });

  it('clamps an out-of-range score only when asked, with a warning', () => {
    const high = parseJudgeReply(readReplyFixture('score-eleven.txt'), principles, { clampOutOfRange: true });
    assert.equal(high.finalScore, 10);
    assert.ok(high.warnings.some((w) => w.includes('clamped')));
    const low = parseJudgeReply(readReplyFixture('score-negative.txt'), principles, {
      clampOutOfRange: true,
    });
    assert.equal(low.finalScore, 0);
  });

  it('refuses an unclosed or prose score from a reply cut at the token limit', () => {
    const unclosed = readReplyFixture('unclosed-at-end.txt');
    assert.throws(() => parseJudgeReply(unclosed, principles, { finishReason: 'length' }), /cut off/);
    const phrase = readReplyFixture('final-score-phrase.txt').replace('**Final score: 7**', 'Final score: 7');
    assert.throws(() => parseJudgeReply(phrase, principles, { finishReason: 'length' }), /cut off/);
    const closed = parseJudgeReply(readReplyFixture('well-formed.txt'), principles, {
      finishReason: 'length',
    });
    assert.equal(closed.finalScore, 9);
  });

  it('fails on a reply with points but no final score: no score is made up', () => {
    const raw = '```json\n[{"question": "Is the red cup now to the left of the remote?", "score": 1}]\n```';
    assert.throws(() => parseJudgeReply(raw, principles), ParseError);
  });

  it('reads a score left without a per-principle list, leaving every point unscored', () => {
    const tolerant = parseJudgeReply('The edit is good.\n<score>8</score>', principles);
    assert.equal(tolerant.finalScore, 8);
    assert.ok(tolerant.points.every((p) => p.score === null));
    assert.equal(averageOfPoints(tolerant.points), null);
    assert.throws(
      () => parseJudgeReply('The edit is good.\n<score>8</score>', principles, { mode: 'strict' }),
      {
        name: 'ParseError',
        message: /no JSON list/,
      },
    );
  });

  it('keeps the first of two different scores for one question (strict refuses)', () => {
    const two: Principle[] = principles.slice(0, 2);
    const raw = `[{"question": "${two[0]!.question}", "score": 1}, {"question": "${two[0]!.question}", "score": 0}, {"question": "${two[1]!.question}", "score": 1}]\n<score>5</score>`;
    const parsed = parseJudgeReply(raw, two);
    assert.deepEqual(
      parsed.points.map((p) => p.score),
      [1, 1],
    );
    assert.ok(parsed.warnings.some((w) => w.includes('twice')));
    assert.throws(() => parseJudgeReply(raw, two, { mode: 'strict' }), /refuses to choose/);
  });

  it('reads a number out of a tag with words in it, tolerant only', () => {
    assert.equal(parseJudgeReply('[]\n<score>Score: 6.5</score>', principles).finalScore, 6.5);
    assert.throws(
      () => parseJudgeReply('<score>Score: 6.5</score>', principles, { mode: 'strict' }),
      ParseError,
    );
  });

  it('asks for principles', () => {
    assert.throws(() => parseJudgeReply('<score>5</score>', []), UsageError);
  });

  it('averages only the scored points', () => {
    const points = principles.slice(0, 3).map((p, i) => ({ ...p, score: ([1, 0, null] as const)[i]! }));
    assert.equal(averageOfPoints(points), 0.5);
  });
});

describe('parseJudgeReply never reads part of a number', () => {
  const principles = FIXTURE_PRINCIPLES;
  for (const raw of [
    '<score>7,5</score>',
    '<score>about 7 or 8</score>',
    'Final score: 7,5',
    'Final score: 7.5.1',
    'Final score -1',
    '<score>7,5',
  ]) {
    it(`refuses ${raw}`, () => {
      assert.throws(() => parseJudgeReply(raw, principles), ParseError);
    });
  }

  it('reads a labelled number in a tag or a sentence-final number in prose', () => {
    assert.equal(parseJudgeReply('<score>Final - 8 points</score>', principles).finalScore, 8);
    assert.equal(
      parseJudgeReply('<score>Score: -1</score>', principles, { clampOutOfRange: true }).finalScore,
      0,
    );
    assert.equal(parseJudgeReply('My final score is 7.', principles).finalScore, 7);
  });

  it('recognises a refusal written with a typographic apostrophe', () => {
    assert.throws(() => parseJudgeReply('I’m sorry, I can’t assess these images.', principles), /declined/);
  });
});

// Replies of about a megabyte: a parser whose time grows with the square of the reply's length would
// block for many minutes on them, so these fail by timeout if that comes back.
describe('parseJudgeReply takes time linear in the length of the reply', () => {
  const principles = FIXTURE_PRINCIPLES;

  it('refuses a tag holding a megabyte of words between two numbers', { timeout: 30_000 }, () => {
    const raw = `<score>1 ${'a '.repeat(500_000)}1</score>`;
    assert.throws(() => withinSeconds(30, () => parseJudgeReply(raw, principles)), {
      name: 'ParseError',
      message: `the score tag <score>1 ${'a '.repeat(25)}… does not hold one number`,
      raw,
    });
  });

  it('repairs a pseudo-JSON list holding a megabyte of brackets', { timeout: 30_000 }, () => {
    const notes = '[], '.repeat(250_000);
    const raw = `[{question: '${principles[0]!.question}', score: 1, notes: [${notes}]}]\n<score>7</score>`;
    const parsed = withinSeconds(30, () => parseJudgeReply(raw, principles));
    assert.equal(parsed.finalScore, 7);
    assert.deepEqual(
      parsed.points.map((p) => p.score),
      [1, null, null, null, null],
    );
    assert.equal(parsed.warnings.length, 2);
    assert.equal(parsed.warnings[0], 'repaired pseudo-JSON in the per-principle list');
    assert.match(parsed.warnings[1]!, /^no score for 4 principle\(s\)/);
  });
});

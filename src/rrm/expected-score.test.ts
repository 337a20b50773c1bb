import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TokenLogprob } from '../core/index.js';
import { expectedScoreFromLogprobs } from './expected-score.js';

const tok = (token: string, top: [string, number][] = []): TokenLogprob => ({
  token,
  logprob: top.find(([t]) => t === token)?.[1] ?? 0,
  top: top.map(([t, p]) => ({ token: t, logprob: Math.log(p) })),
});

describe('expectedScoreFromLogprobs', () => {
  it('weighs the first score token: the chosen one with the full decimal score, the others as integers', () => {
    // Alternatives at "7": 7 (0.6), 8 (0.3), 6 (0.05), "the" (0.05, not a number: dropped).
    // Renormalised over 0.95: (0.6 * 7.5 + 0.3 * 8 + 0.05 * 6) / 0.95 = 7.2 / 0.95 = 7.578947...
    const logprobs = [
      tok('Final'),
      tok(' answer'),
      tok('<score>'),
      tok('7', [
        ['7', 0.6],
        ['8', 0.3],
        ['6', 0.05],
        ['the', 0.05],
      ]),
      tok('.'),
      tok('5'),
      tok('</score>'),
    ];
    assert.ok(Math.abs(expectedScoreFromLogprobs(logprobs)! - 7.2 / 0.95) < 1e-12);
  });

  it('uses the last tag, strips text the score token carries before the number, and drops numbers over 10', () => {
    // Token ">9" holds the tag's end: alternatives must share the ">" prefix. ">12" is over 10, "x" no number.
    // Kept: >9 (0.5), >8 (0.25): (0.5 * 9 + 0.25 * 8) / 0.75 = 6.5 / 0.75 = 8.6666...
    const logprobs = [
      tok('<score>'),
      tok('3'),
      tok('</score>'),
      tok(' revised <score'),
      tok('>9', [
        ['>9', 0.5],
        ['>8', 0.25],
        ['>12', 0.15],
        ['x', 0.1],
      ]),
      tok('</score>'),
    ];
    assert.ok(Math.abs(expectedScoreFromLogprobs(logprobs)! - 6.5 / 0.75) < 1e-12);
  });

  it('counts the chosen token when the server leaves it out of the alternatives', () => {
    // Chosen " 4" at probability 0.5 (log), alternative " 6" at 0.5: mean 5. The space is the shared prefix.
    const chosen: TokenLogprob = {
      token: ' 4',
      logprob: Math.log(0.5),
      top: [{ token: ' 6', logprob: Math.log(0.5) }],
    };
    assert.equal(expectedScoreFromLogprobs([tok('<score>'), chosen, tok(' </score>')]), 5);
  });

  it('is undefined without logprobs, without a tag, or with a score on another scale', () => {
    assert.equal(expectedScoreFromLogprobs(undefined), undefined);
    assert.equal(expectedScoreFromLogprobs([]), undefined);
    assert.equal(expectedScoreFromLogprobs([tok('Final score: '), tok('7', [['7', 0.9]])]), undefined);
    assert.equal(expectedScoreFromLogprobs([tok('<score>'), tok('85'), tok('/100</score>')]), undefined);
    assert.equal(expectedScoreFromLogprobs([tok('<score>'), tok('</score>')]), undefined);
  });
});

import type { TokenLogprob } from '../core/index.js';

const SCORE_TAG = /<\s*score\s*>/gi;
const LEADING_NUMBER = /^\s*(\d+(?:\.\d+)?)/;

/** The number an alternative token stands for, once the text the chosen token had before the score is removed. */
function alternativeValue(token: string, prefix: string): number | undefined {
  const rest = token.startsWith(prefix)
    ? token.slice(prefix.length)
    : prefix.trim() === ''
      ? token
      : undefined;
  const match = rest === undefined ? null : LEADING_NUMBER.exec(rest);
  return match ? Number(match[1]) : undefined;
}

/**
 * The probability-weighted final score: at the first token of the number inside the reply's last
 * <score> tag, the top alternatives that read as a score in 0-10 are kept, their probabilities
 * renormalised to sum to 1, and their values averaged with those weights.
 *
 * Decimals: only the first token's alternatives are weighed. The chosen token counts with the full score
 * the reply wrote (7.5 when the reply says <score>7.5</score>); any other alternative counts with the
 * number it spells on its own (an alternative "8" counts 8), because the tokens after it were sampled
 * given the chosen one and say nothing about how an "8" would have continued. With tokenizers that split
 * digits, an alternative "1" that might have begun "10" counts 1.
 *
 * Undefined when there are no logprobs, no <score> tag with a number in the tokens, or a number over 10
 * (a score stated on another scale).
 */
export function expectedScoreFromLogprobs(logprobs: readonly TokenLogprob[] | undefined): number | undefined {
  if (!logprobs || logprobs.length === 0) return undefined;
  const starts: number[] = [];
  let text = '';
  for (const { token } of logprobs) {
    starts.push(text.length);
    text += token;
  }
  const tag = [...text.matchAll(SCORE_TAG)].at(-1);
  if (!tag) return undefined;
  const afterTag = tag.index + tag[0].length;
  const number = LEADING_NUMBER.exec(text.slice(afterTag));
  if (!number) return undefined;
  const chosenValue = Number(number[1]);
  if (chosenValue > 10) return undefined;
  const numberStart = afterTag + number[0].length - number[1]!.length;
  const position = starts.findLastIndex((start) => start <= numberStart);
  const chosen = logprobs[position]!;
  const prefix = text.slice(starts[position], numberStart);

  const options = chosen.top.some((alt) => alt.token === chosen.token)
    ? chosen.top
    : [...chosen.top, { token: chosen.token, logprob: chosen.logprob }];
  const kept = options.flatMap((alt) => {
    const value = alt.token === chosen.token ? chosenValue : alternativeValue(alt.token, prefix);
    return value !== undefined && value >= 0 && value <= 10 ? [{ value, logprob: alt.logprob }] : [];
  });
  // Subtract the largest logprob before exponentiating so tiny probabilities do not underflow to 0/0.
  const top = Math.max(...kept.map((k) => k.logprob));
  const weights = kept.map((k) => Math.exp(k.logprob - top));
  const total = weights.reduce((s, w) => s + w, 0);
  return kept.reduce((s, k, i) => s + (weights[i]! / total) * k.value, 0);
}

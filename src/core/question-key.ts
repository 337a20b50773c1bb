import { LRUCache } from 'lru-cache';

/**
 * Normalised questions by their text. A judge's replies repeat the questions of the principles it was
 * sent, mostly verbatim, and a reward service parses one reply per edit against the same list: with
 * both sides normalised afresh, normalising was half the cost of parsing a reply.
 */
const normalized = new LRUCache<string, string>({ max: 4096 });
/** Longer texts are normalised each time rather than kept (a question is a sentence or two). */
const MAX_KEPT_LENGTH = 1000;

/**
 * A question reduced to what identifies it: Unicode-normalised, lower-cased, without leading numbering
 * ("1.", "Q2:", "(3)"), punctuation or symbols, with single spaces. Models re-case, re-punctuate and
 * number the questions they copy; the words stay.
 */
export function normalizeQuestion(text: string): string {
  if (text.length > MAX_KEPT_LENGTH) return normalize(text);
  let key = normalized.get(text);
  if (key === undefined) {
    key = normalize(text);
    normalized.set(text, key);
  }
  return key;
}

/**
 * Leading numbering. The spaces after the optional word belong to the word: with `\s*` on both sides of
 * an optional word, a run of spaces can be split between the two in quadratically many ways to try.
 */
const NUMBERING = /^\s*(?:(?:q|question|principle)\s*)?\(?\d+\s*[.):-]\s*/u;

function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(NUMBERING, '')
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Each question of a list that asks what an earlier one asked (as normalizeQuestion reads them), with
 * the index of the first to ask it: such a question could never be scored apart from the first, since
 * a reply's points are matched to principles by their normalised question.
 */
export function repeatedQuestions(
  list: readonly { question: string }[],
): { index: number; earlier: number }[] {
  const first = new Map<string, number>();
  const repeats: { index: number; earlier: number }[] = [];
  list.forEach(({ question }, index) => {
    const key = normalizeQuestion(question);
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else repeats.push({ index, earlier });
  });
  return repeats;
}

/**
 * Fuzzy search of a phrase in OCR output.
 *
 * Tolerance, in two steps:
 * 1. Both sides are normalised: Unicode compatibility form with accents removed, lower case, and only
 *    letters and digits kept. The OCR model drops spaces ("OPEN 24 HOURS" reads "OPEN24HOURS") and
 *    punctuation is unreliable, so neither may decide a match.
 * 2. The phrase may then appear anywhere in the concatenated lines (text can wrap) with at most
 *    floor(MAX_SLIP_RATE x length) single-character edits: insertions, deletions or substitutions, the
 *    usual OCR slips (O/0, l/1, a dropped letter). One slip per five characters; phrases of four
 *    characters or fewer must match exactly, since one slip there can make another word.
 */
export const MAX_SLIP_RATE = 0.2;

export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

/**
 * Least edit distance between `needle` and any substring of `haystack` (Sellers' variant of
 * Levenshtein: the match may start and end anywhere in the haystack at no cost).
 */
export function substringEditDistance(needle: string, haystack: string): number {
  const a = [...needle];
  const b = [...haystack];
  // prev[j]: distance of needle[0..i) against the best substring ending at haystack position j.
  let prev = new Array<number>(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const row = new Array<number>(b.length + 1);
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, substitution);
    }
    prev = row;
  }
  return Math.min(...prev);
}

export interface PhraseMatch {
  /** The phrase after normalisation ('' when it has no letters or digits). */
  phrase: string;
  /** Least number of edits to find it in the text. */
  slips: number;
  /** Most edits tolerated for this phrase length. */
  allowed: number;
  found: boolean;
}

export function findPhrase(phrase: string, lines: readonly string[]): PhraseMatch {
  const needle = normalizeForMatch(phrase);
  const haystack = lines.map(normalizeForMatch).join('');
  const length = [...needle].length;
  const allowed = Math.floor(MAX_SLIP_RATE * length);
  const slips = substringEditDistance(needle, haystack);
  return { phrase: needle, slips, allowed, found: length > 0 && slips <= allowed };
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPhrase, normalizeForMatch, substringEditDistance } from './text-match.js';

test('normalisation drops case, spaces, punctuation and accents', () => {
  assert.equal(normalizeForMatch('  Café, OPEN 24-Hours!'), 'cafeopen24hours');
  assert.equal(normalizeForMatch('?!. -'), '');
});

test('substring edit distance: free start and end in the haystack, unit cost per edit', () => {
  assert.equal(substringEditDistance('hours', 'open24hours'), 0);
  assert.equal(substringEditDistance('hours', 'open24h0urs'), 1); // one substitution
  assert.equal(substringEditDistance('hours', 'open24hors'), 1); // one deletion
  assert.equal(substringEditDistance('hours', 'open24houurs'), 1); // one insertion
  assert.equal(substringEditDistance('abc', ''), 3);
  // Whole-string Levenshtein is 3; the best substring, 'sittin', needs only k->s and e->i.
  assert.equal(substringEditDistance('kitten', 'sitting'), 2);
});

test('a phrase is found despite spacing, case and one slip per five characters', () => {
  const m = findPhrase('Open 24 hours', ['OPEN24H0URS']);
  assert.deepEqual(m, { phrase: 'open24hours', slips: 1, allowed: 2, found: true });
  // Two zeros for O and a lost final s: 3 edits, over the 2 allowed for 11 characters.
  assert.deepEqual(findPhrase('Open 24 hours', ['0PEN24H0UR']), {
    phrase: 'open24hours',
    slips: 3,
    allowed: 2,
    found: false,
  });
});

test('too many slips, or any slip in a short word, is not a match', () => {
  const m = findPhrase('Open 24 hours', ['OBEN2AH0URZ']);
  assert.equal(m.slips, 4);
  assert.equal(m.found, false);
  assert.deepEqual(findPhrase('SALE', ['SALT']), { phrase: 'sale', slips: 1, allowed: 0, found: false });
  assert.equal(findPhrase('SALE', ['big', 'sale']).found, true);
});

test('text wrapped over lines matches, and a phrase without letters never does', () => {
  assert.equal(findPhrase('happy birthday', ['HAPPY', 'BIRTHDAY']).found, true);
  assert.equal(findPhrase('!!!', ['!!!']).found, false);
});

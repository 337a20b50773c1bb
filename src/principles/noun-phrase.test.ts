import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bare, definite, gerund, isPlural } from './noun-phrase.js';

describe('noun-phrase helpers', () => {
  it('tells plural heads from singular ones', () => {
    for (const p of ['birds', 'the sunglasses', 'headphones', 'bright lime green curtains'])
      assert.ok(isPlural(p), p);
    for (const p of ['cup', 'the glass', 'bus', 'cup of beans', 'oven mitt', 'tennis'])
      assert.ok(!isPlural(p), p);
  });

  it('adds "the" unless the phrase is possessive', () => {
    assert.equal(definite('a red cup'), 'the red cup');
    assert.equal(definite('cup'), 'the cup');
    assert.equal(definite('his hat'), 'his hat');
    assert.equal(definite("the man's hat"), "the man's hat");
    assert.equal(bare('an apple'), 'apple');
  });

  it('forms -ing words', () => {
    assert.deepEqual(['raise', 'sit', 'lie', 'look', 'wave', 'see', 'run'].map(gerund), [
      'raising',
      'sitting',
      'lying',
      'looking',
      'waving',
      'seeing',
      'running',
    ]);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Principle } from '../../core/index.js';
import { UnitError } from '../traces/index.js';
import { parseGoldReply } from './parse-gold-reply.js';

const PRINCIPLES: Principle[] = [
  { question: 'Is the cup red?', category: 'instruction-following' },
  { question: 'Is the table unchanged?', category: 'feature-preservation' },
  { question: 'Is the image free of artefacts?', category: 'image-quality' },
];

const WELL_FORMED = JSON.stringify({
  gold: [
    { question: 'Is the cup red?', gold: 1, reason: 'The cup is clearly red.' },
    { question: 'Is the table unchanged?', gold: 0, reason: 'A leg of the table is gone.' },
    { question: 'Is the image free of artefacts?', gold: 1, reason: 'No artefacts.' },
  ],
});

function failure(raw: string) {
  try {
    parseGoldReply(raw, PRINCIPLES);
  } catch (error) {
    assert.ok(error instanceof UnitError, `expected a UnitError, got ${String(error)}`);
    assert.equal(error.failure.raw, raw, 'the raw reply is kept');
    assert.equal(error.failure.retryable, true);
    return error.failure;
  }
  return assert.fail('expected parseGoldReply to fail');
}

describe('parseGoldReply', () => {
  it('reads a bare object into labels in principle order', () => {
    assert.deepEqual(parseGoldReply(WELL_FORMED, PRINCIPLES), [
      { question: 'Is the cup red?', gold: 1, reason: 'The cup is clearly red.' },
      { question: 'Is the table unchanged?', gold: 0, reason: 'A leg of the table is gone.' },
      { question: 'Is the image free of artefacts?', gold: 1, reason: 'No artefacts.' },
    ]);
  });

  it('reads it inside a code fence, with prose and a think block around it', () => {
    const raw = `<think>{"gold": "not yet"}</think>Here are my labels:\n\`\`\`json\n${WELL_FORMED}\n\`\`\`\nDone {as asked}.`;
    assert.deepEqual(
      parseGoldReply(raw, PRINCIPLES).map((g) => g.gold),
      [1, 0, 1],
    );
  });

  it('fails a reply that ended inside its think block, even with labels drafted there', () => {
    const found = failure(`<think>Drafting: ${WELL_FORMED}`);
    assert.equal(found.reason, 'parse');
    assert.match(found.message, /ends inside its <think> block, before any labels: raise maxTokens/);
  });

  it('matches reordered, re-cased, numbered questions by text, and the rest by order', () => {
    const raw = JSON.stringify({
      gold: [
        { question: '3. IS THE IMAGE FREE OF ARTEFACTS', gold: 0, reason: 'c' },
        { question: 'Cup colour?', gold: 1, reason: 'a' },
        { question: 'Is the table unchanged?', gold: 1, reason: 'b' },
      ],
    });
    // Artefacts and table by text; "Cup colour?" matches nothing and takes the one open slot.
    assert.deepEqual(
      parseGoldReply(raw, PRINCIPLES).map((g) => [g.question, g.gold, g.reason]),
      [
        ['Is the cup red?', 1, 'a'],
        ['Is the table unchanged?', 1, 'b'],
        ['Is the image free of artefacts?', 0, 'c'],
      ],
    );
  });

  it('finds the object nested in another, and takes a missing reason as empty', () => {
    const raw = JSON.stringify({
      answer: { gold: PRINCIPLES.map((p) => ({ question: p.question, gold: 0 })) },
    });
    assert.deepEqual(
      parseGoldReply(raw, PRINCIPLES).map((g) => g.reason),
      ['', '', ''],
    );
  });

  it('wrong length: reason wrong-length, saying the counts', () => {
    const raw = JSON.stringify({ gold: [{ question: 'Is the cup red?', gold: 1, reason: 'r' }] });
    const f = failure(raw);
    assert.equal(f.reason, 'wrong-length');
    assert.match(f.message, /labelled 1 principles; there are 3/);
  });

  it('refuses a gold that is not the number 0 or 1, naming the entry', () => {
    for (const [bad, shown] of [
      [2, '2'],
      ['1', '"1"'],
      [true, 'true'],
      [0.5, '0.5'],
    ] as const) {
      const raw = WELL_FORMED.replace('"gold":0', `"gold":${JSON.stringify(bad)}`);
      const f = failure(raw);
      assert.equal(f.reason, 'parse');
      assert.equal(f.message, `gold[1].gold is ${shown}: expected the number 0 or 1`);
    }
    assert.match(failure(WELL_FORMED.replace(',"gold":0', '')).message, /gold\[1\]\.gold is missing/);
  });

  it('refuses prose, a refusal, an empty reply, pseudo-JSON, and two different answers', () => {
    assert.match(
      failure('The cup is red and the table is fine.').message,
      /no JSON object with a "gold" list/,
    );
    assert.match(failure("I'm sorry, I can't help with that.").message, /the verifier declined/);
    assert.match(failure('  ').message, /the reply is empty/);
    assert.match(failure(WELL_FORMED.replace(/"/g, "'")).message, /no JSON object/);
    const other = WELL_FORMED.replace('"gold":0', '"gold":1');
    assert.match(failure(`${WELL_FORMED}\n${other}`).message, /2 different "gold" objects/);
    // The same object twice is one answer.
    assert.equal(parseGoldReply(`${WELL_FORMED}\n${WELL_FORMED}`, PRINCIPLES).length, 3);
  });

  it('refuses entries that are not objects or have no question', () => {
    assert.match(failure(JSON.stringify({ gold: [1, 0, 1] })).message, /gold\[0\] is not an object/);
    const noQuestion = JSON.stringify({ gold: PRINCIPLES.map(() => ({ gold: 1 })) });
    assert.match(failure(noQuestion).message, /gold\[0\] has no question text/);
    assert.match(failure(JSON.stringify({ gold: 'yes' })).message, /"gold" is not a list/);
  });
});

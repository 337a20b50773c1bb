import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withinSeconds } from '../testing/within-time.js';
import { findJsonArrays, readDecompositionReply } from './decomposition-reply.js';
import { EXEMPLARS } from './exemplars.js';

const good = EXEMPLARS[0]!.principles;
const paperName = {
  'instruction-following': 'Instruction Following',
  'feature-preservation': 'Feature Preservation',
  'image-quality': 'Image Quality',
} as const;

describe('findJsonArrays', () => {
  it('skips prose brackets and finds the array inside a fence', () => {
    const text = 'Here [as asked] is the list:\n```json\n[{"a": "x ] y"}, [1, 2]]\n```\nDone [end].';
    assert.deepEqual(findJsonArrays(text), [[{ a: 'x ] y' }, [1, 2]]]);
  });

  it('returns nothing for a cut-off array', () => {
    assert.deepEqual(findJsonArrays('[{"question": "Is the cup'), []);
  });

  // About a megabyte of brackets each: a scan that starts over from every bracket would run for many
  // minutes, so these fail by timeout if that comes back.
  it('finds nothing in a megabyte of brackets that never close', { timeout: 30_000 }, () => {
    assert.deepEqual(
      withinSeconds(30, () => findJsonArrays('['.repeat(1_000_000))),
      [],
    );
  });

  it('finds nothing in a megabyte of nested brackets around a bare word', { timeout: 30_000 }, () => {
    assert.deepEqual(
      withinSeconds(30, () => findJsonArrays(`${'['.repeat(500_000)}x${']'.repeat(500_000)}`)),
      [],
    );
  });

  it('finds the array after a megabyte of brackets inside strings', { timeout: 30_000 }, () => {
    assert.deepEqual(
      withinSeconds(30, () => findJsonArrays(`["${'[1, "'.repeat(250_000)}\n[2, [3]]`)),
      [[2, [3]]],
    );
  });
});

describe('readDecompositionReply', () => {
  it('reads a bare array', () => {
    const reading = readDecompositionReply(JSON.stringify(good));
    assert.ok(reading.ok);
    assert.deepEqual(reading.principles, good);
  });

  it("reads the paper's category names inside a fence with prose around it", () => {
    const paper = good.map((p) => ({ question: p.question, category: paperName[p.category] }));
    const reading = readDecompositionReply(
      `Sure! Here you go:\n\`\`\`json\n${JSON.stringify(paper, null, 2)}\n\`\`\`\nHope it helps.`,
    );
    assert.ok(reading.ok);
    assert.deepEqual(reading.principles, good);
  });

  it("reads a reasoning model's answer after its thinking, not the draft array inside it", () => {
    const draft = JSON.stringify(good.slice(0, 1));
    const reading = readDecompositionReply(
      `<think>A first try: ${draft}. Too few.</think>\n${JSON.stringify(good)}`,
    );
    assert.ok(reading.ok, JSON.stringify(reading));
    assert.deepEqual(reading.principles, good);
  });

  it('asks for the array when the reply ended while still thinking', () => {
    const reading = readDecompositionReply(`<think>Maybe ${JSON.stringify(good)}, or`, 'length');
    assert.equal(reading.ok, false);
    assert.match(reading.problems[0]!, /ended inside its <think> block, before the JSON array/);
  });

  it('accepts a repeated identical copy but not two different arrays', () => {
    const text = JSON.stringify(good);
    assert.ok(readDecompositionReply(`${text}\n\nAgain:\n${text}`).ok);
    const other = JSON.stringify(EXEMPLARS[1]!.principles);
    assert.deepEqual(readDecompositionReply(`${text}\n${other}`), {
      ok: false,
      problems: ['your reply contains 2 different JSON arrays; give exactly one'],
    });
  });

  it('names the items that are malformed', () => {
    const items: unknown[] = [...good];
    items[2] = { question: 'Is it fine?', category: 'Realism' };
    items[4] = { category: 'quality' };
    items[6] = 'Is the sky blue?';
    const reading = readDecompositionReply(JSON.stringify(items));
    assert.deepEqual(reading, {
      ok: false,
      problems: [
        'item 3 has category "Realism", which is not one of instruction-following, feature-preservation, image-quality',
        'item 5 has no non-empty "question" string',
        'item 7 is not an object with "question" and "category"',
      ],
    });
  });

  it('says when the reply holds no array, and when it was cut off', () => {
    assert.deepEqual(readDecompositionReply('I cannot see the image.'), {
      ok: false,
      problems: ['your reply contains no complete JSON array'],
    });
    const cut = readDecompositionReply('[{"question": "Is', 'length');
    assert.ok(!cut.ok && /cut off at the token limit/.test(cut.problems[0]!));
  });

  it('reads the array after a megabyte of brackets that never close', { timeout: 30_000 }, () => {
    const reading = withinSeconds(30, () =>
      readDecompositionReply(`${'['.repeat(1_000_000)}${JSON.stringify(good)}`),
    );
    assert.ok(reading.ok);
    assert.deepEqual(reading.principles, good);
  });

  it('asks for each question once: a repeat (as replies are matched) is a problem to correct', () => {
    const repeated = good.map((p, i) => (i === 4 ? { ...p, question: good[0]!.question.toUpperCase() } : p));
    assert.deepEqual(readDecompositionReply(JSON.stringify(repeated)), {
      ok: false,
      problems: ['item 5 asks the same question as item 1; ask each question once'],
    });
  });

  it('says when the array is nested too deeply to read, instead of overflowing the stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    assert.deepEqual(readDecompositionReply(deep), {
      ok: false,
      problems: ['your reply holds a JSON array nested too deeply to read; give one flat array of objects'],
    });
  });

  it('rejects a valid-looking array with the wrong split', () => {
    const reading = readDecompositionReply(JSON.stringify(good.slice(0, 9)));
    assert.ok(!reading.ok);
    assert.match(reading.problems[0]!, /^you gave 9 principles/);
  });
});

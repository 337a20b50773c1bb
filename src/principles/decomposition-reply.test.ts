import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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

  it('rejects a valid-looking array with the wrong split', () => {
    const reading = readDecompositionReply(JSON.stringify(good.slice(0, 9)));
    assert.ok(!reading.ok);
    assert.match(reading.problems[0]!, /^you gave 9 principles/);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, type Principle } from '../../core/index.js';
import { buildVerifierMessages, VERIFIER_SYSTEM_PROMPT } from './verifier-prompt.js';

const PRINCIPLES: Principle[] = [
  { question: 'Is the cup red?', category: 'instruction-following' },
  { question: 'Is the table unchanged?', category: 'feature-preservation' },
];

describe('buildVerifierMessages', () => {
  const messages = buildVerifierMessages({
    instruction: ' Make the cup red ',
    principles: PRINCIPLES,
    sourceUrl: 'data:image/png;base64,SRC',
    editedUrl: 'data:image/png;base64,EDT',
    references: [
      {
        key: 'k1',
        member: 0,
        points: [
          { question: 'Is the cup red?', category: 'instruction-following', score: 1, reason: 'red' },
          { question: 'Is the table unchanged?', category: 'feature-preservation', score: null },
        ],
      },
      // Points in another order: matched by question text.
      {
        key: 'k2',
        member: 1,
        points: [
          {
            question: 'Is the table unchanged?',
            category: 'feature-preservation',
            score: 0,
            reason: 'x'.repeat(400),
          },
          { question: 'Is the cup red?', category: 'instruction-following', score: 0 },
        ],
      },
    ],
  });

  it('says the references are non-binding and asks for only the gold object, same length and order', () => {
    assert.deepEqual(messages[0], { role: 'system', content: VERIFIER_SYSTEM_PROMPT });
    assert.match(VERIFIER_SYSTEM_PROMPT, /references, not instructions: any of them may be wrong/);
    assert.match(VERIFIER_SYSTEM_PROMPT, /ONLY this JSON object/);
    assert.match(
      VERIFIER_SYSTEM_PROMPT,
      /\{"gold": \[\{"question": .*"gold": 0 or 1, "reason": "<one sentence>"\}/,
    );
    assert.match(VERIFIER_SYSTEM_PROMPT, /exactly one entry per principle, in the order/);
  });

  it('sends source then edited image, the instruction, and each principle with every trace prediction', () => {
    const content = messages[1]!.content;
    assert.ok(Array.isArray(content));
    assert.deepEqual(
      content.filter((p) => p.type === 'image').map((p) => p.url),
      ['data:image/png;base64,SRC', 'data:image/png;base64,EDT'],
    );
    const text = content.at(-1)!;
    assert.equal(text.type, 'text');
    const body = text.type === 'text' ? text.text : '';
    assert.match(body, /^Edit instruction: Make the cup red\n/);
    assert.match(body, /Earlier answers from 2 trace\(s\)/);
    assert.match(body, /2 entries, in this order\.$/);
    const listed = JSON.parse(body.slice(body.indexOf('['), body.indexOf('\n\nAnswer with'))) as unknown;
    assert.deepEqual(listed, [
      {
        question: 'Is the cup red?',
        category: 'Instruction Following',
        predictions: [
          { trace: 1, answer: 1, reason: 'red' },
          { trace: 2, answer: 0 },
        ],
      },
      {
        question: 'Is the table unchanged?',
        category: 'Feature Preservation',
        predictions: [
          { trace: 1, answer: 'no answer' },
          { trace: 2, answer: 0, reason: `${'x'.repeat(299)}…` },
        ],
      },
    ]);
  });

  it('says so when no trace answered, and refuses an empty instruction or principle list', () => {
    const none = buildVerifierMessages({
      instruction: 'i',
      principles: PRINCIPLES,
      sourceUrl: 's',
      editedUrl: 'e',
      references: [],
    });
    assert.match(JSON.stringify(none[1]), /No earlier judge answered/);
    const base = { instruction: 'i', principles: PRINCIPLES, sourceUrl: 's', editedUrl: 'e', references: [] };
    assert.throws(() => buildVerifierMessages({ ...base, instruction: ' ' }), UsageError);
    assert.throws(() => buildVerifierMessages({ ...base, principles: [] }), UsageError);
  });
});

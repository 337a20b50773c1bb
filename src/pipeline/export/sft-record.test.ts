import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { systemPrompt } from '../../rrm/index.js';
import type { SelectedRow } from '../types.js';
import { buildSftRecord, IMAGE_TOKEN, mediaTokenIn } from './sft-record.js';

const row: SelectedRow = {
  quadrupleId: 'q1',
  inputId: 'in1',
  category: 'color_alter',
  instruction: '  Make the red circle blue ',
  source: '/data/s.png',
  edited: '/data/e.png',
  principles: [
    { question: 'Is the circle blue?', category: 'instruction-following' },
    { question: 'Is the background unchanged?', category: 'feature-preservation' },
  ],
  gold: [],
  trace: '\nThe circle is blue.\n```json\n[]\n```\n<score>8</score>  ',
  finalScore: 8,
  averageScore: 1,
  member: 0,
  model: 'm',
  promptVariant: 'strict',
  accuracy: 1,
  traceAccuracies: [1],
};

describe('buildSftRecord', () => {
  const record = buildSftRecord(row, { source: 'images/a.png', edited: 'images/b.png' });

  it('asks with the system prompt of the row variant and keeps the trace verbatim', () => {
    assert.deepEqual(
      record.messages.map((m) => m.role),
      ['system', 'user', 'assistant'],
    );
    assert.equal(record.messages[0]!.content, systemPrompt('strict'));
    assert.notEqual(record.messages[0]!.content, systemPrompt('standard'));
    assert.equal(record.messages[2]!.content, row.trace);
  });

  it('puts one <image> per image in the user turn, source first, with the prompt text around them', () => {
    const user = record.messages[1]!.content;
    assert.equal(user.split(IMAGE_TOKEN).length - 1, 2);
    assert.deepEqual(record.images, ['images/a.png', 'images/b.png']);
    assert.ok(
      user.startsWith(
        `Source image (before the edit):${IMAGE_TOKEN}Edited image (after the edit):${IMAGE_TOKEN}`,
      ),
    );
    assert.ok(user.includes('Edit instruction: Make the red circle blue\n\n'));
    assert.ok(user.includes('"question": "Is the background unchanged?"'));
    assert.ok(user.includes('"category": "Feature Preservation"'));
  });

  it('names the quadruple when the prompt cannot be built', () => {
    assert.throws(
      () => buildSftRecord({ ...row, promptVariant: 'chatty' }, { source: 'a', edited: 'b' }),
      /quadruple q1: unknown prompt variant "chatty"/,
    );
    assert.throws(
      () => buildSftRecord({ ...row, instruction: ' ' }, { source: 'a', edited: 'b' }),
      /quadruple q1: the edit instruction is empty/,
    );
  });
});

describe('mediaTokenIn', () => {
  it('finds a literal placeholder in the instruction, the principles or the trace', () => {
    assert.equal(mediaTokenIn(row), undefined);
    assert.equal(mediaTokenIn({ ...row, instruction: 'put <image> on the wall' }), 'instruction');
    assert.equal(
      mediaTokenIn({ ...row, principles: [{ question: 'Is a <video> shown?', category: 'image-quality' }] }),
      'principles',
    );
    assert.equal(mediaTokenIn({ ...row, trace: 'see <audio>' }), 'trace');
  });
});

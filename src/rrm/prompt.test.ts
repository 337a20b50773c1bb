import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ContentPart, Principle } from '../core/index.js';
import { UsageError } from '../core/index.js';
import { buildJudgeMessages, PROMPT_VARIANT_NAMES, systemPrompt } from './prompt.js';
import type { PromptVariantName } from './prompt.js';

/** One phrase per rule of PAPER.md section 2, as the prompt words it. */
const RULE_PHRASES: [string, string][] = [
  ['principles checked in order', 'one by one, in the order given'],
  ['reasoning per principle', 'reason about it'],
  ['bounding boxes when position matters', 'Whenever position, size or layout matters'],
  ['box format', '[x0, y0, x1, y1]'],
  ['1 only if clearly satisfied', 'scores 1 only if the edited image clearly satisfies it'],
  ['uncertain counts 0', 'uncertain counts as 0'],
  ['near-identical scores 0', 'nearly identical to the source image'],
  ['white borders score 0', 'white border or white padding'],
  ['the 10% move threshold', 'less than 10% of the image size has not moved'],
  ['complete removals', 'A removal must be complete'],
  ["a person's own left and right", "the person's own left and right"],
  ['the instruction wins', 'the instruction wins'],
  [
    'unmentioned changes are hallucinations',
    'neither the instruction nor the principles mention is a hallucination',
  ],
  ['hallucinations penalised hard', 'penalise it hard'],
  ['over-sharpening', 'over-sharpening'],
  ['oversaturation', 'oversaturation'],
  ['colour cast', 'colour cast'],
  ['0-10 with decimals', 'from 0 to 10; decimals are allowed'],
  ['not the average', 'not the average of the principle scores'],
  ['deduct by the cost of re-editing', 'how costly it would be to re-edit the image to fix it'],
  ['guide 0', '0 = unusable'],
  ['guide 5', '5 = partly usable'],
  ['guide 8', '8 = nearly usable'],
  ['guide 10', '10 = perfect'],
  [
    'same order and wording',
    'in the same order as the principles and with each question copied word for word',
  ],
];

/** The output sections, which must appear in this order. */
const FORMAT_STEPS = [
  '1. Your reasoning',
  '```json',
  '{"question": "<the principle>", "score": 0 or 1}',
  '{"average_score": <mean>}',
  '<score>x</score>',
];

const principles: Principle[] = [
  { question: 'Is the cup left of the remote?', category: 'instruction-following' },
  { question: 'Is the table unchanged?', category: 'feature-preservation' },
];

describe('systemPrompt', () => {
  for (const variant of PROMPT_VARIANT_NAMES) {
    it(`${variant}: carries every rule of PAPER.md section 2`, () => {
      const text = systemPrompt(variant);
      for (const [rule, phrase] of RULE_PHRASES)
        assert.ok(text.includes(phrase), `${variant} lacks: ${rule}`);
    });

    it(`${variant}: states the output format in the paper's order`, () => {
      const text = systemPrompt(variant);
      const format = text.slice(text.indexOf('Output format'));
      const at = FORMAT_STEPS.map((step) => format.indexOf(step));
      assert.ok(
        at.every((i) => i >= 0),
        `missing a step: ${JSON.stringify(at)}`,
      );
      assert.deepEqual(
        [...at].sort((a, b) => a - b),
        at,
      );
    });
  }

  it('has variants that differ', () => {
    assert.ok(PROMPT_VARIANT_NAMES.length >= 3);
    assert.equal(new Set(PROMPT_VARIANT_NAMES.map((v) => systemPrompt(v))).size, PROMPT_VARIANT_NAMES.length);
  });

  it('refuses an unknown variant, listing the known ones', () => {
    assert.throws(
      () => systemPrompt('lenient' as PromptVariantName),
      (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /standard, strict, concise/);
        return true;
      },
    );
  });
});

describe('buildJudgeMessages', () => {
  const messages = buildJudgeMessages({
    instruction: 'Move the cup to the left of the remote.',
    principles,
    sourceUrl: 'data:image/png;base64,SOURCE',
    editedUrl: 'data:image/png;base64,EDITED',
    variant: 'concise',
  });

  it('sends the system prompt, then one user turn', () => {
    assert.deepEqual(
      messages.map((m) => m.role),
      ['system', 'user'],
    );
    assert.equal(messages[0]!.content, systemPrompt('concise'));
  });

  it('puts the source image first and the edited one second, each after its label', () => {
    const parts = messages[1]!.content as ContentPart[];
    const images = parts.flatMap((p, i) => (p.type === 'image' ? [[i, p.url]] : []));
    assert.deepEqual(images, [
      [1, 'data:image/png;base64,SOURCE'],
      [3, 'data:image/png;base64,EDITED'],
    ]);
    assert.deepEqual(parts[0], { type: 'text', text: 'Source image (before the edit):' });
    assert.deepEqual(parts[2], { type: 'text', text: 'Edited image (after the edit):' });
  });

  it('gives the instruction and every principle verbatim, in order, with its category', () => {
    const text = (messages[1]!.content as ContentPart[]).at(-1)!;
    assert.equal(text.type, 'text');
    const body = text.type === 'text' ? text.text : '';
    assert.ok(body.includes('Edit instruction: Move the cup to the left of the remote.'));
    const listed = JSON.parse(body.slice(body.indexOf('['), body.lastIndexOf(']') + 1)) as unknown;
    assert.deepEqual(listed, [
      { question: 'Is the cup left of the remote?', category: 'Instruction Following' },
      { question: 'Is the table unchanged?', category: 'Feature Preservation' },
    ]);
  });

  it('refuses an empty instruction or no principles', () => {
    const base = { instruction: 'x', principles, sourceUrl: 'a', editedUrl: 'b' };
    assert.throws(() => buildJudgeMessages({ ...base, instruction: '  ' }), UsageError);
    assert.throws(() => buildJudgeMessages({ ...base, principles: [] }), UsageError);
  });
});

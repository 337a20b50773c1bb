import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { judgementKey, type JudgementKeyParts } from './judgement-key.js';
import { checkPrinciples, type Principle } from './principle.js';

const principles: Principle[] = [
  { question: 'Is the ball red?', category: 'instruction-following' },
  { question: 'Is the table unchanged?', category: 'feature-preservation' },
];
const parts: JudgementKeyParts = {
  judgeId: 'vlm:m',
  judgeFingerprint: 'fp',
  sourceHash: 'a'.repeat(64),
  editedHash: 'b'.repeat(64),
  instruction: '  Make the ball red ',
  principles,
  samples: 1,
  seed: undefined,
};
/** The key as first defined: sha256 over JSON.stringify of the parts as one array. */
const byDefinition = (p: JudgementKeyParts) =>
  createHash('sha256')
    .update(
      JSON.stringify([
        'judgement/v1',
        p.judgeId,
        p.judgeFingerprint,
        p.sourceHash,
        p.editedHash,
        p.instruction.trim(),
        p.principles ?? null,
        p.samples,
        p.seed ?? null,
      ]),
    )
    .digest('hex');

describe('judgementKey', () => {
  it('is sha256 over the parts as one JSON array, so keys already stored stay valid', () => {
    const checked = checkPrinciples(principles);
    assert.ok(checked.success);
    for (const p of [
      parts,
      { ...parts, principles: checked.data },
      { ...parts, principles: undefined, seed: 7 },
      { ...parts, instruction: 'quote " and \\ and ü', samples: 4 },
    ]) {
      assert.equal(judgementKey(p), byDefinition(p));
    }
  });

  it('gives a checked list one key however often asked, and differs when any part does', () => {
    const checked = checkPrinciples(structuredClone(principles));
    assert.ok(checked.success);
    const first = judgementKey({ ...parts, principles: checked.data });
    assert.equal(judgementKey({ ...parts, principles: checked.data }), first, 'from the kept JSON');
    const key = judgementKey(parts);
    const others: Partial<JudgementKeyParts>[] = [
      { judgeId: 'vlm:n' },
      { judgeFingerprint: 'fp2' },
      { sourceHash: 'c'.repeat(64) },
      { editedHash: 'c'.repeat(64) },
      { instruction: 'Make the ball blue' },
      { principles: principles.slice(0, 1) },
      { principles: undefined },
      { samples: 2 },
      { seed: 0 },
    ];
    const keys = new Set([key, ...others.map((change) => judgementKey({ ...parts, ...change }))]);
    assert.equal(keys.size, others.length + 1);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrincipleSchema, UsageError, type Check, type Principle } from '../core/index.js';
import { classifyInstruction } from './classify-instruction.js';
import { checkDistribution } from './distribution.js';
import { createRuleDecomposer, decomposeByRules } from './rule-decomposer.js';
import { readRealEdits, realEditsSkip } from '../testing/index.js';

const checksOf = (principles: Principle[]) =>
  principles
    .flatMap((p) => (p.check ? [JSON.stringify(p.check)] : []))
    .sort()
    .map((s) => JSON.parse(s) as Check);
const sorted = (checks: Check[]) =>
  checks
    .map((c) => JSON.stringify(c))
    .sort()
    .map((s) => JSON.parse(s) as Check);

const changed: Check = { kind: 'changed' };
const aspect: Check = { kind: 'same-aspect', tolerance: 0.05 };
const border: Check = { kind: 'no-border' };
const saturation: Check = { kind: 'not-oversaturated', maxClippedShare: 0.05 };
const always = [changed, aspect, border, saturation];
const local = (maxChangedShare: number): Check => ({ kind: 'change-localized', maxChangedShare });

/** One instruction per edit kind and the checks its decomposition must carry, no more, no fewer. */
const KIND_CASES: [string, string, Check[]][] = [
  ['Add a giraffe in the field', 'add', [...always, local(0.35)]],
  ['Remove the man.', 'remove', [...always, local(0.35)]],
  ['Replace the taxi with a red bicycle', 'replace', [...always, local(0.4)]],
  ['let the chair be red', 'colour', [...always, local(0.5)]],
  ['Make the table top marble', 'material', [...always, local(0.5)]],
  [
    'Change the background to a snowy mountain landscape',
    'background',
    [...always, { kind: 'change-widespread', minChangedShare: 0.3 }],
  ],
  [
    'Turn the photo into a watercolour painting',
    'style',
    [...always, { kind: 'change-widespread', minChangedShare: 0.5 }],
  ],
  [
    'Make the image brighter',
    'tone',
    [...always, { kind: 'tone', attribute: 'brightness', direction: 'increase', minDelta: 0.05 }],
  ],
  [
    'Make it slightly cooler',
    'tone',
    [...always, { kind: 'tone', attribute: 'warmth', direction: 'decrease', minDelta: 0.015 }],
  ],
  [
    'Increase the contrast a lot',
    'tone',
    [...always, { kind: 'tone', attribute: 'contrast', direction: 'increase', minDelta: 0.06 }],
  ],
  [
    'Desaturate the photo',
    'tone',
    [...always, { kind: 'tone', attribute: 'saturation', direction: 'decrease', minDelta: 0.05 }],
  ],
  // Asking for more saturation must not be punished by the oversaturation check.
  [
    'Make the colours more vivid',
    'tone',
    [
      changed,
      aspect,
      border,
      { kind: 'tone', attribute: 'saturation', direction: 'increase', minDelta: 0.05 },
    ],
  ],
  ['Make it black and white', 'tone', [...always, { kind: 'grayscale' }]],
  ['Change the sign to say "OPEN"', 'text', [...always, local(0.25), { kind: 'text-present', text: 'OPEN' }]],
  [
    'Change the text "CLOSED" to "OPEN"',
    'text',
    [...always, local(0.25), { kind: 'text-present', text: 'OPEN' }, { kind: 'text-absent', text: 'CLOSED' }],
  ],
  [
    "add the text 'SALE' to the poster",
    'text',
    [...always, local(0.25), { kind: 'text-present', text: 'SALE' }],
  ],
  ['Move the cup to the left of the remote', 'position', [...always, local(0.35)]],
  ['Make the cactus twice as large', 'size', [...always, local(0.4)]],
  ['Make the man raise his right hand', 'action', [...always, local(0.4)]],
  ['Add two more donuts to the plate', 'count', [...always, local(0.4)]],
  // A requested frame is the goal, so there is no border check.
  ['Repair the floor and add a thin black frame', 'generic', [changed, aspect, saturation]],
];

/** The question each check answers: a check may only sit on the question that asks exactly that. */
function assertCheckMatchesQuestion(p: Principle): void {
  const c = p.check;
  if (!c) return;
  const q = p.question;
  // Scene checks (object-*, sign-*, ...) have no row: the rule decomposer must never write them.
  const expectations: Partial<Record<Check['kind'], () => boolean>> = {
    changed: () => /differ visibly from the source/.test(q),
    'change-localized': () =>
      c.kind === 'change-localized' && q.includes(`at most ${Math.round(c.maxChangedShare * 100)}% of it`),
    'change-widespread': () =>
      c.kind === 'change-widespread' && q.includes(`at least ${Math.round(c.minChangedShare * 100)}% of it`),
    tone: () => {
      if (c.kind !== 'tone') return false;
      const words = {
        brightness: { increase: 'brighter', decrease: 'darker' },
        contrast: { increase: 'higher in contrast', decrease: 'lower in contrast' },
        saturation: { increase: 'more saturated', decrease: 'less saturated' },
        warmth: { increase: 'warmer', decrease: 'cooler' },
      }[c.attribute][c.direction];
      return q.includes(`noticeably ${words}`);
    },
    grayscale: () => /black and white/.test(q),
    'text-present': () => c.kind === 'text-present' && q.includes(`"${c.text}" be read`),
    'text-absent': () => c.kind === 'text-absent' && q.includes(`"${c.text}" gone`),
    'no-border': () => /border/.test(q),
    'same-aspect': () => /aspect ratio/.test(q),
    'not-oversaturated': () => /oversaturation/.test(q),
  };
  assert.ok(expectations[c.kind]?.() ?? false, `check ${JSON.stringify(c)} sits on "${q}"`);
}

function assertValid(instruction: string, principles: Principle[]): void {
  assert.deepEqual(checkDistribution(principles).problems, [], instruction);
  for (const p of principles) {
    assert.deepEqual(PrincipleSchema.parse(p), p);
    assertCheckMatchesQuestion(p);
  }
}

describe('decomposeByRules', () => {
  for (const [instruction, kind, expected] of KIND_CASES) {
    it(`${kind}: "${instruction}" gives a valid set with the expected checks`, () => {
      assert.equal(classifyInstruction(instruction).kind, kind);
      const principles = decomposeByRules(instruction);
      assertValid(instruction, principles);
      assert.deepEqual(checksOf(principles), sorted(expected));
    });
  }

  it('puts the changed check under instruction-following and the scope checks where they belong', () => {
    const byKind = (instruction: string, kind: Check['kind']) =>
      decomposeByRules(instruction).find((p) => p.check?.kind === kind)?.category;
    assert.equal(byKind('Remove the man', 'changed'), 'instruction-following');
    assert.equal(byKind('Remove the man', 'change-localized'), 'feature-preservation');
    assert.equal(byKind('Remove the man', 'same-aspect'), 'feature-preservation');
    assert.equal(byKind('Remove the man', 'no-border'), 'image-quality');
    assert.equal(byKind('Blur the background', 'change-widespread'), 'instruction-following');
  });

  it('phrases questions about the things the instruction names', () => {
    const questions = decomposeByRules('Move the cup to the left of the remote').map((p) => p.question);
    assert.ok(questions.includes('Is the cup now clearly to the left of the remote?'));
    assert.ok(
      questions.includes('Has the cup moved a significant distance (at least 10% of the image size)?'),
    );
    assert.ok(questions.some((q) => /the remote and the other objects unchanged/.test(q)));
    const facing = decomposeByRules("Move the watering can to the woman's left side").map((p) => p.question);
    assert.ok(facing.some((q) => /woman's own left \(on the viewer's right/.test(q)));
  });

  it('is deterministic and refuses an empty instruction', async () => {
    assert.deepEqual(decomposeByRules('Add a cat on the sofa'), decomposeByRules('Add a cat on the sofa'));
    const d = createRuleDecomposer();
    assert.equal(d.id, 'rule');
    assert.deepEqual(
      await d.decompose({ source: 'unused.png', instruction: 'Add a cat on the sofa' }),
      decomposeByRules('Add a cat on the sofa'),
    );
    assert.throws(() => decomposeByRules('   '), UsageError);
  });
});

describe('decomposeByRules on the real instructions', { skip: realEditsSkip }, () => {
  const rows = realEditsSkip ? [] : readRealEdits();

  it('has all 71 items', () => assert.equal(rows.length, 71));

  it('decomposes every instruction into a valid set whose checks answer their questions', () => {
    for (const row of rows) assertValid(row.instruction, decomposeByRules(row.instruction));
  });

  it('reads every WhatsUp instruction as a move relative to a named object', () => {
    for (const row of rows.filter((r) => r.task === 'whatsup')) {
      const a = classifyInstruction(row.instruction);
      assert.equal(a.kind, 'position', row.instruction);
      assert.ok(a.subject && a.reference && a.relation, row.instruction);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PrincipleSchema } from '../core/index.js';
import { checkDistribution } from './distribution.js';
import { EDIT_KINDS } from './edit-kind.js';
import { EXEMPLARS } from './exemplars.js';

describe('exemplar pool', () => {
  it('holds at least 24 examples with distinct instructions', () => {
    assert.ok(EXEMPLARS.length >= 24, `only ${EXEMPLARS.length} exemplars`);
    assert.equal(new Set(EXEMPLARS.map((e) => e.instruction)).size, EXEMPLARS.length);
  });

  for (const ex of EXEMPLARS) {
    it(`"${ex.instruction}" has 10 valid principles with the 3-4 / 3-4 / 2-3 split`, () => {
      assert.equal(ex.principles.length, 10);
      assert.deepEqual(checkDistribution(ex.principles).problems, []);
      for (const p of ex.principles) {
        assert.doesNotThrow(() => PrincipleSchema.parse(p));
        assert.match(p.question, /^[A-Z].*\?$/, `not a yes/no question: ${p.question}`);
      }
      assert.ok(ex.source.length > 10 && !ex.source.includes('\n'), 'source must be a one-line description');
    });
  }

  it('covers every edit kind, the common ones more than once', () => {
    const perKind = new Map<string, number>();
    for (const ex of EXEMPLARS) perKind.set(ex.kind, (perKind.get(ex.kind) ?? 0) + 1);
    for (const kind of EDIT_KINDS.filter((k) => k !== 'generic')) {
      assert.ok((perKind.get(kind) ?? 0) >= 1, `no exemplar for ${kind}`);
    }
    for (const kind of ['add', 'remove', 'replace', 'colour', 'background', 'style', 'tone', 'position']) {
      assert.ok((perKind.get(kind) ?? 0) >= 2, `${kind} is common and needs at least two exemplars`);
    }
  });

  it('includes a significant-move question and a person-facing left/right question', () => {
    const all = EXEMPLARS.flatMap((e) => e.principles.map((p) => p.question));
    assert.ok(all.some((q) => /significant distance, at least 10%/.test(q)));
    assert.ok(all.some((q) => /own (left|right).*viewer's (right|left)/.test(q)));
  });
});

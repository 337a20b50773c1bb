import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRng, type Principle, type SceneGraph } from '../core/index.js';
import { makeCandidate } from './editors/index.js';
import { drawEdit, makeEdit } from './edits/index.js';
import { generateScene } from './generate-scene.js';
import { oracleScore } from './oracle.js';
import { EDIT_CATEGORIES, type Artifact, type Candidate, type WorldEdit } from './types.js';

const source: SceneGraph = {
  background: { color: 'pearl', texture: 'plain' },
  objects: [
    { id: 'o1', shape: 'circle', color: 'red', pattern: 'solid', x: 0.25, y: 0.25, size: 0.1 },
    { id: 'o2', shape: 'square', color: 'blue', pattern: 'solid', x: 0.75, y: 0.75, size: 0.1 },
  ],
  sign: null,
  tone: { brightness: 0, warmth: 0, saturation: 0 },
};
const recolour = (scene: SceneGraph, id: string, color: 'green' | 'yellow'): SceneGraph => ({
  ...scene,
  objects: scene.objects.map((o) => (o.id === id ? { ...o, color } : o)),
});
const principles: Principle[] = [
  {
    question: 'Is the red circle now green?',
    category: 'instruction-following',
    check: { kind: 'object-becomes', target: { shape: 'circle', color: 'red' }, becomes: { color: 'green' } },
  },
  {
    question: 'Is there a green circle?',
    category: 'instruction-following',
    check: { kind: 'object-present', target: { shape: 'circle', color: 'green' } },
  },
  {
    question: 'Are the other objects unchanged?',
    category: 'feature-preservation',
    check: {
      kind: 'objects-kept',
      except: [
        { shape: 'circle', color: 'red' },
        { shape: 'circle', color: 'green' },
      ],
      aspects: ['shape', 'color', 'pattern', 'position', 'size'],
    },
  },
  {
    question: 'Is the background kept?',
    category: 'feature-preservation',
    check: { kind: 'background-kept' },
  },
  { question: 'No artefacts?', category: 'image-quality', check: { kind: 'no-artifacts' } },
  { question: 'No border?', category: 'image-quality', check: { kind: 'no-border' } },
];
const edit: WorldEdit = {
  category: 'color_alter',
  instruction: 'Make the red circle green',
  target: recolour(source, 'o1', 'green'),
  principles,
};
const cand = (scene: SceneGraph, artifacts: Artifact[] = []): Candidate => ({
  failure: 'perfect',
  note: '',
  scene,
  artifacts,
});
const score = (c: Candidate) => oracleScore(source, edit, c).score;

describe('oracleScore on hand-computed cases', () => {
  it('perfect: every point passes, 10', () => {
    const o = oracleScore(source, edit, cand(edit.target, [{ kind: 'jpeg', quality: 93 }]));
    assert.equal(o.score, 10);
    assert.ok(o.points.every((p) => p.score === 1));
  });

  it('no-op and white border: 0 by the hard rules', () => {
    assert.equal(score(cand(source, [{ kind: 'jpeg', quality: 90 }])), 0);
    const bordered = oracleScore(source, edit, cand(edit.target, [{ kind: 'white-border', width: 0.05 }]));
    assert.equal(bordered.score, 0);
    assert.match(bordered.rulesApplied[0]!, /white-border/);
  });

  it('neighbouring shade: F 0/2, d 0.5 -> follow 0.25, base 10(0.15 + 0.25 + 0.15) = 5.5 (cap 6)', () => {
    assert.equal(score(cand(recolour(source, 'o1', 'yellow'))), 5.5);
  });

  it('leakage: base 10(0.6 + 0.25 x 1/2 + 0.15) = 8.75, one unrequested change caps at 6 - 1.5 = 4.5', () => {
    assert.equal(score(cand(recolour(edit.target, 'o2', 'green'))), 4.5);
  });

  it('wrong target: base 10(0 + 0.125 + 0.15) = 2.75, d = 0 caps at 2', () => {
    assert.equal(score(cand(recolour(source, 'o2', 'green'))), 2);
  });

  it('hallucination: an extra object weighs 2: cap 6 - 3 = 3', () => {
    const extra = {
      ...edit.target,
      objects: [
        ...edit.target.objects,
        {
          id: 'x1',
          shape: 'star' as const,
          color: 'yellow' as const,
          pattern: 'solid' as const,
          x: 0.25,
          y: 0.75,
          size: 0.1,
        },
      ],
    };
    assert.equal(score(cand(extra)), 3);
  });

  it('blur: 9.25 x (1 - 0.5 x sigma/0.015): 7.4 at 0.006, 6.9 at 0.0075, worse at 0.012', () => {
    assert.equal(score(cand(edit.target, [{ kind: 'blur', sigma: 0.006 }])), 7.4);
    assert.equal(score(cand(edit.target, [{ kind: 'blur', sigma: 0.0075 }])), 6.9);
    assert.ok(score(cand(edit.target, [{ kind: 'blur', sigma: 0.012 }])) < 6);
  });
});

describe('oracleScore on every failure mode', () => {
  const rng = createRng(21);
  const rounds = Array.from({ length: 80 }, () => {
    const s = generateScene(rng, { minObjects: 3, maxObjects: 5, signShare: 0.5 });
    return { s, e: drawEdit(s, rng) };
  });

  it('perfect scores 10 with every point passing, for every category', () => {
    for (const category of EDIT_CATEGORIES) {
      for (let i = 0; i < 30; i++) {
        const s = generateScene(rng, { signShare: 1, minObjects: 2 });
        const e = makeEdit(s, category, rng);
        if (!e) continue;
        const o = oracleScore(s, e, makeCandidate(s, e, 'perfect', rng));
        assert.equal(o.score, 10, `${e.instruction}: ${JSON.stringify(o.points.filter((p) => !p.score))}`);
      }
    }
  });

  it('failures score below perfect, and fail a following or preservation point', () => {
    for (const { s, e } of rounds) {
      for (const mode of ['partial', 'leakage', 'wrong-target', 'hallucination', 'over-edit'] as const) {
        const c = makeCandidate(s, e, mode, rng);
        const o = oracleScore(s, e, c);
        assert.ok(o.score < 10, `${mode} ${e.instruction}: ${o.score}`);
        if (c.failure === mode && mode !== 'partial') {
          const failed = o.points.filter((p) => p.score === 0 && p.category !== 'image-quality');
          assert.ok(failed.length > 0, `${mode} ${e.instruction} (${c.note}) failed no point`);
        }
      }
      assert.equal(oracleScore(s, e, makeCandidate(s, e, 'no-op', rng)).score, 0);
      assert.equal(oracleScore(s, e, makeCandidate(s, e, 'white-border', rng)).score, 0);
    }
  });

  it('insufficient-move fails the move principle', () => {
    let checked = 0;
    for (let i = 0; checked < 30 && i < 300; i++) {
      const s = generateScene(rng, { minObjects: 2 });
      const e = makeEdit(s, 'motion_change', rng);
      if (!e || !e.principles.some((p) => p.check?.kind === 'object-moved')) continue;
      const c = makeCandidate(s, e, 'insufficient-move', rng);
      if (c.failure !== 'insufficient-move') continue;
      const o = oracleScore(s, e, c);
      const move = o.points[e.principles.findIndex((p) => p.check?.kind === 'object-moved')]!;
      assert.equal(move.score, 0);
      assert.ok(o.score <= 2);
      checked++;
    }
    assert.ok(checked >= 20, `only ${checked} motion edits checked`);
  });
});

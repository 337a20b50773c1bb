import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BACKGROUND_COLOR_NAMES,
  OBJECT_COLOR_NAMES,
  PrincipleListSchema,
  SceneGraphSchema,
  SHAPES,
  UsageError,
  createRng,
  type SceneGraph,
} from '../../core/index.js';
import { spotIsFree } from '../find-free-spot.js';
import { generateScene } from '../generate-scene.js';
import { EDIT_CATEGORIES, type EditCategory, type WorldEdit } from '../types.js';
import { drawEdit, makeEdit, PHRASINGS } from './index.js';
import { BACKGROUND_WORDS } from './phrasing.js';

const rng = createRng(7);
/** 200 edits per category on random scenes (scenes where a category cannot apply are skipped). */
const EDITS = new Map<EditCategory, Array<{ scene: SceneGraph; edit: WorldEdit }>>(
  EDIT_CATEGORIES.map((c) => {
    const list: Array<{ scene: SceneGraph; edit: WorldEdit }> = [];
    while (list.length < 200) {
      const scene = generateScene(rng, c === 'text_change' ? { signShare: 1 } : {});
      const edit = makeEdit(scene, c, rng);
      if (edit) list.push({ scene, edit });
    }
    return [c, list];
  }),
);

const scene2: SceneGraph = {
  background: { color: 'pearl', texture: 'plain' },
  objects: [
    { id: 'o1', shape: 'circle', color: 'red', pattern: 'solid', x: 0.25, y: 0.25, size: 0.1 },
    { id: 'o2', shape: 'square', color: 'blue', pattern: 'striped', x: 0.7, y: 0.7, size: 0.1 },
  ],
  sign: null,
  tone: { brightness: 0, warmth: 0, saturation: 0 },
};

describe('makeEdit', () => {
  it('gives exactly 10 valid principles, 3-4 / 3-4 / 2-3, each with a check, for 200 edits per category', () => {
    for (const [category, list] of EDITS) {
      for (const { edit } of list) {
        assert.equal(edit.category, category);
        PrincipleListSchema.parse(edit.principles);
        assert.equal(edit.principles.length, 10, edit.instruction);
        const n = (c: string) => edit.principles.filter((p) => p.category === c).length;
        assert.ok(n('instruction-following') >= 3 && n('instruction-following') <= 4, category);
        assert.ok(n('feature-preservation') >= 3 && n('feature-preservation') <= 4, category);
        assert.ok(n('image-quality') >= 2 && n('image-quality') <= 3, category);
        for (const p of edit.principles) {
          assert.ok(p.check, `${p.question} has a check`);
          assert.match(p.question, /^[A-Z].*\?$/);
        }
      }
    }
  });

  it('makes valid target scenes that obey the placement rules', () => {
    for (const list of EDITS.values()) {
      for (const { edit } of list) {
        SceneGraphSchema.parse(edit.target);
        for (const o of edit.target.objects) {
          assert.ok(
            spotIsFree(edit.target, o.x, o.y, o.size, [o.id]),
            `${edit.instruction}: ${o.id} overlaps`,
          );
        }
      }
    }
  });

  it('has at least 3 phrasings per category, and the draws use at least 3 of them', () => {
    const vocabulary = [
      ...OBJECT_COLOR_NAMES,
      ...SHAPES.map((s) => `${s}(es|s)?`),
      ...Object.values(BACKGROUND_WORDS),
      'an?',
      'one|two|three|four|five',
      '"[A-Z0-9]+"',
      'in the \\w+ \\w+|at the \\w+|on the \\w+|in the middle',
      'striped|dotted|checkered|plain',
    ];
    const pattern = new RegExp(`\\b(${vocabulary.join('|')})\\b`, 'gi');
    for (const [category, list] of EDITS) {
      assert.ok(PHRASINGS[category].length >= 3, category);
      const shapes = new Set(
        list.map(({ edit }) => edit.instruction.replace(pattern, 'X').split(' ').slice(0, 2).join(' ')),
      );
      assert.ok(shapes.size >= 3, `${category}: ${[...shapes].join(' / ')}`);
    }
  });

  it('changes what each category says and nothing else', () => {
    for (const { scene, edit } of EDITS.get('color_alter')!) {
      const changed = edit.target.objects.filter((o, i) => o.color !== scene.objects[i]!.color);
      assert.equal(changed.length, 1);
    }
    for (const { scene, edit } of EDITS.get('motion_change')!) {
      const [moved] = edit.target.objects.filter(
        (o, i) => o.x !== scene.objects[i]!.x || o.y !== scene.objects[i]!.y,
      );
      const before = scene.objects.find((o) => o.id === moved!.id)!;
      const shift = Math.abs(moved!.x - before.x) + Math.abs(moved!.y - before.y);
      assert.ok(shift >= 0.2 - 1e-4 && shift <= 0.35 + 1e-4, `shift ${shift}`);
    }
    for (const { scene, edit } of EDITS.get('size_change')!) {
      const i = edit.target.objects.findIndex((o, k) => o.size !== scene.objects[k]!.size);
      const r = edit.target.objects[i]!.size / scene.objects[i]!.size;
      assert.ok((r >= 1.49 && r <= 1.81) || (r >= 0.49 && r <= 0.66), `ratio ${r}`);
    }
    for (const { scene, edit } of EDITS.get('background_change')!) {
      assert.notEqual(edit.target.background.color, scene.background.color);
      assert.equal(edit.target.background.texture, scene.background.texture);
      assert.ok(BACKGROUND_COLOR_NAMES.includes(edit.target.background.color));
    }
    for (const { scene, edit } of EDITS.get('count_change')!) {
      const added = edit.target.objects.length - scene.objects.length;
      assert.ok(added === 1 || added === 2);
    }
    for (const { scene, edit } of EDITS.get('text_change')!) {
      const text = edit.target.sign!.text;
      assert.ok(text.length >= 2 && text.length <= 5 && text !== scene.sign!.text, text);
      assert.match(edit.instruction, new RegExp(`"${text}"`));
    }
    for (const { edit } of EDITS.get('tone_transfer')!) {
      const moved = Object.values(edit.target.tone).filter((v) => v !== 0);
      assert.equal(moved.length, 1);
      assert.ok(Math.abs(moved[0]!) >= 0.3 && Math.abs(moved[0]!) <= 0.8);
    }
    for (const { scene, edit } of EDITS.get('subject-replace')!) {
      const i = edit.target.objects.findIndex((o, k) => o.shape !== scene.objects[k]!.shape);
      const [a, b] = [scene.objects[i]!, edit.target.objects[i]!];
      assert.ok(a.color !== b.color && a.x === b.x && a.y === b.y && a.id === b.id);
    }
  });

  it('returns null when a category cannot apply', () => {
    const lone = { ...scene2, objects: scene2.objects.slice(0, 1) };
    assert.equal(makeEdit(scene2, 'text_change', createRng(1)), null);
    assert.equal(makeEdit(lone, 'subject-remove', createRng(1)), null);
    assert.ok(makeEdit(scene2, 'subject-remove', createRng(1)));
  });

  it('draws only among the allowed categories, deterministically, and refuses when none applies', () => {
    const a = drawEdit(scene2, createRng(5), ['color_alter', 'text_change']);
    const b = drawEdit(scene2, createRng(5), ['color_alter', 'text_change']);
    assert.equal(a.category, 'color_alter');
    assert.deepEqual(a, b);
    assert.throws(() => drawEdit(scene2, createRng(5), ['text_change']), UsageError);
    const seen = new Set(Array.from({ length: 200 }, (_, i) => drawEdit(scene2, createRng(i)).category));
    assert.equal(seen.size, EDIT_CATEGORIES.length - 1, [...seen].join(','));
  });
});

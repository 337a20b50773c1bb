// The embedded judge on one hand-picked EditWorld edit per category: the edit done right scores high,
// done in part or on the wrong object scores lower, not done at all scores 0. The judge sees only the
// rendered pixels, the instruction and the gold principles.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, type SceneGraph } from '../../core/index.js';
import {
  EDIT_CATEGORIES,
  generateScene,
  makeCandidate,
  makeEdit,
  renderScene,
  type Artifact,
  type EditCategory,
  type FailureMode,
  type WorldEdit,
} from '../../world/index.js';
import { createEmbeddedJudge } from './embedded-judge.js';

const judge = createEmbeddedJudge();

/** The first seed from 500 whose scene takes an edit of this category (so each case is fixed). */
function caseFor(category: EditCategory): { source: SceneGraph; edit: WorldEdit; seed: number } {
  for (let seed = 500; seed < 600; seed++) {
    const rng = createRng(seed);
    const source = generateScene(rng, {
      minObjects: 3,
      maxObjects: 4,
      signShare: category === 'text_change' ? 1 : 0.3,
    });
    const edit = makeEdit(source, category, rng);
    if (edit) return { source, edit, seed };
  }
  throw new Error(`no seed in 500-599 makes a ${category} edit`);
}

async function scoreOf(source: SceneGraph, edit: WorldEdit, scene: SceneGraph, artifacts: Artifact[] = []) {
  const verdict = await judge.judge({
    source: await renderScene(source, { size: 256 }),
    edited: await renderScene(scene, { size: 256, artifacts }),
    instruction: edit.instruction,
    principles: edit.principles,
  });
  return verdict.finalScore;
}

/** The failure that shows the category's own way of going wrong. */
const FAILURE: Record<EditCategory, FailureMode> = {
  color_alter: 'partial',
  'subject-add': 'partial',
  'subject-remove': 'partial',
  'subject-replace': 'wrong-target',
  background_change: 'partial',
  motion_change: 'insufficient-move',
  size_change: 'partial',
  text_change: 'partial',
  material_alter: 'wrong-target',
  tone_transfer: 'partial',
  count_change: 'hallucination',
};

for (const category of EDIT_CATEGORIES) {
  test(`${category}: done right scores high, ${FAILURE[category]} lower, no edit 0`, async () => {
    const { source, edit, seed } = caseFor(category);
    const rng = createRng(seed);
    const wrong = makeCandidate(source, edit, FAILURE[category], rng);
    const context = `"${edit.instruction}" (seed ${seed}); ${wrong.note}`;
    const good = await scoreOf(source, edit, edit.target);
    const bad = await scoreOf(source, edit, wrong.scene, wrong.artifacts);
    assert.ok(good >= 8, `done right scored ${good}: ${context}`);
    assert.ok(bad < good - 1, `${FAILURE[category]} scored ${bad} against ${good}: ${context}`);
    assert.equal(await scoreOf(source, edit, source), 0, `no edit: ${context}`);
  });
}

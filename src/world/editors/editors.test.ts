import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SceneGraphSchema, UsageError, createRng } from '../../core/index.js';
import { makeEdit } from '../edits/index.js';
import { generateScene } from '../generate-scene.js';
import { FAILURE_MODES, type FailureMode } from '../types.js';
import { DEFAULT_FAILURE_MIX, diffScenes, drawFailure, makeCandidate, sameScene } from './index.js';

const rng = createRng(11);
const scene = () => generateScene(rng, { minObjects: 3, maxObjects: 4 });

describe('makeCandidate', () => {
  it('makes a valid scene for every failure mode and category, and says what went wrong', () => {
    for (let i = 0; i < 150; i++) {
      const source = scene();
      const edit = makeEdit(source, 'color_alter', rng)!;
      for (const mode of FAILURE_MODES) {
        const c = makeCandidate(source, edit, mode, rng);
        SceneGraphSchema.parse(c.scene);
        assert.ok(c.note.length > 0);
      }
    }
  });

  it('perfect is the target and no-op is the source, at most mildly re-encoded', () => {
    const source = scene();
    const edit = makeEdit(source, 'size_change', rng)!;
    for (let i = 0; i < 20; i++) {
      const p = makeCandidate(source, edit, 'perfect', rng);
      assert.ok(sameScene(p.scene, edit.target));
      assert.ok(p.artifacts.every((a) => a.kind === 'jpeg' && a.quality >= 92 && a.quality <= 95));
      const n = makeCandidate(source, edit, 'no-op', rng);
      assert.ok(sameScene(n.scene, source));
      assert.ok(n.artifacts.every((a) => a.kind === 'jpeg' && a.quality === 90));
    }
  });

  it('insufficient-move moves the asked object 3-7% the asked way; other categories fall back to partial', () => {
    let checked = 0;
    while (checked < 50) {
      const source = scene();
      const edit = makeEdit(source, 'motion_change', rng);
      if (!edit) continue;
      const c = makeCandidate(source, edit, 'insufficient-move', rng);
      if (c.failure !== 'insufficient-move') continue;
      const { before, after } = diffScenes(source, c.scene).changed[0]!;
      const shift = Math.abs(after.x - before.x) + Math.abs(after.y - before.y);
      assert.ok(shift >= 0.03 - 1e-4 && shift <= 0.07 + 1e-4, `shift ${shift}`);
      checked++;
    }
    const source = scene();
    const c = makeCandidate(source, makeEdit(source, 'color_alter', rng)!, 'insufficient-move', rng);
    assert.equal(c.failure, 'partial');
    assert.match(c.note, /does not apply/);
  });

  it('leakage changes one more object the same way; wrong-target leaves the named object alone', () => {
    const source = {
      ...scene(),
      objects: [
        {
          id: 'o1',
          shape: 'circle' as const,
          color: 'red' as const,
          pattern: 'solid' as const,
          x: 0.2,
          y: 0.2,
          size: 0.08,
        },
        {
          id: 'o2',
          shape: 'square' as const,
          color: 'blue' as const,
          pattern: 'solid' as const,
          x: 0.8,
          y: 0.8,
          size: 0.08,
        },
      ],
      sign: null,
    };
    const edit = makeEdit(source, 'color_alter', createRng(2))!;
    const changedId = diffScenes(source, edit.target).changed[0]!.before.id;
    const leak = makeCandidate(source, edit, 'leakage', rng);
    assert.equal(leak.failure, 'leakage');
    const leaked = diffScenes(source, leak.scene).changed;
    assert.equal(leaked.length, 2);
    assert.equal(leaked[0]!.after.color, leaked[1]!.after.color);
    const wrong = makeCandidate(source, edit, 'wrong-target', rng);
    const hit = diffScenes(source, wrong.scene).changed;
    assert.equal(hit.length, 1);
    assert.notEqual(hit[0]!.before.id, changedId);
  });

  it('artefacts and borders stay in their documented ranges', () => {
    const source = scene();
    const edit = makeEdit(source, 'background_change', rng)!;
    for (let i = 0; i < 100; i++) {
      const [a] = makeCandidate(source, edit, 'artifact', rng).artifacts;
      const ok =
        (a?.kind === 'blur' && a.sigma >= 0.006 && a.sigma <= 0.012) ||
        (a?.kind === 'noise' && a.amount >= 0.04 && a.amount <= 0.08) ||
        (a?.kind === 'jpeg' && a.quality >= 8 && a.quality <= 15) ||
        (a?.kind === 'color-cast' &&
          a.rgb.filter((v) => v !== 0).length === 1 &&
          Math.max(...a.rgb.map(Math.abs)) >= 0.08 &&
          Math.max(...a.rgb.map(Math.abs)) <= 0.15) ||
        (a?.kind === 'oversaturate' && a.factor >= 1.8 && a.factor <= 2.5);
      assert.ok(ok, JSON.stringify(a));
      const [b] = makeCandidate(source, edit, 'white-border', rng).artifacts;
      assert.ok(b?.kind === 'white-border' && b.width >= 0.04 && b.width <= 0.08);
    }
  });
});

describe('failure mix', () => {
  it('defaults sum to 1 and draws follow the weights', () => {
    const total = Object.values(DEFAULT_FAILURE_MIX).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-9);
    const mix = Object.fromEntries(FAILURE_MODES.map((m) => [m, 0])) as Record<FailureMode, number>;
    mix.perfect = 3;
    mix['no-op'] = 1;
    const r = createRng(4);
    const draws = Array.from({ length: 4000 }, () => drawFailure(mix, r));
    const share = draws.filter((d) => d === 'perfect').length / draws.length;
    assert.ok(Math.abs(share - 0.75) < 0.03, String(share));
    assert.ok(draws.every((d) => d === 'perfect' || d === 'no-op'));
  });

  it('refuses a bad mix, naming the mode', () => {
    assert.throws(
      () => drawFailure({ ...DEFAULT_FAILURE_MIX, leakage: -1 }, rng),
      (e: unknown) => e instanceof UsageError && /leakage/.test(e.message),
    );
    const zero = Object.fromEntries(FAILURE_MODES.map((m) => [m, 0])) as Record<FailureMode, number>;
    assert.throws(() => drawFailure(zero, rng), UsageError);
  });
});

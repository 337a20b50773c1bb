import type { Rng, SceneGraph, SceneObject } from '../../core/index.js';
import { GLYPH_CHARS } from '../../images/index.js';
import { spotIsFree } from '../find-free-spot.js';
import { cloneScene, patchObject, pick, PATTERN_WORDS } from '../edits/index.js';
import type { EditCategory } from '../types.js';
import type { Editor, EditorInput, EditorOutput } from './editor.js';
import { BACKGROUND_NEIGHBOURS, COLOR_NEIGHBOURS } from './neighbours.js';
import { named } from './same-change.js';

type Partial = (input: EditorInput, rng: Rng) => EditorOutput | null;
const out = (scene: SceneGraph, note: string): EditorOutput => ({ scene, artifacts: [], note });
const r4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** A neighbouring colour of `asked` that is neither `avoid` nor already worn by that shape elsewhere. */
function neighbourColor(scene: SceneGraph, asked: SceneObject, avoid: string, rng: Rng) {
  const options = COLOR_NEIGHBOURS[asked.color].filter(
    (c) =>
      c !== avoid &&
      !scene.objects.some((o) => o.id !== asked.id && o.shape === asked.shape && o.color === c),
  );
  return options.length > 0 ? pick(options, rng) : null;
}

/** The object part of the way from `before` to `after` (fraction of the move or of the log-size change). */
function partWay(
  scene: SceneGraph,
  before: SceneObject,
  after: SceneObject,
  fraction: number,
): SceneGraph | null {
  const x = r4(before.x + (after.x - before.x) * fraction);
  const y = r4(before.y + (after.y - before.y) * fraction);
  const size = r4(before.size + (after.size - before.size) * fraction);
  return spotIsFree(scene, x, y, size, [before.id]) ? patchObject(scene, before.id, { x, y, size }) : null;
}

const PARTIALS: Record<EditCategory, Partial> = {
  color_alter: ({ source, edit, asked }, rng) => {
    const { before, after } = asked.changed[0]!;
    const color = neighbourColor(edit.target, after, before.color, rng);
    if (!color) return null;
    return out(
      patchObject(source, before.id, { color }),
      `made ${named(before)} ${color} instead of ${after.color}`,
    );
  },
  material_alter: ({ source, asked }, rng) => {
    const { before, after } = asked.changed[0]!;
    const options = (['solid', 'striped', 'dotted', 'checkered'] as const).filter(
      (p) => p !== before.pattern && p !== after.pattern,
    );
    const pattern = pick(options, rng);
    const words = (p: typeof pattern) => PATTERN_WORDS[p].adjective;
    return out(
      patchObject(source, before.id, { pattern }),
      `made ${named(before)} ${words(pattern)} instead of ${words(after.pattern)}`,
    );
  },
  'subject-replace': ({ source, asked }, rng) => {
    const { before, after } = asked.changed[0]!;
    const shapeOnly = rng.next() < 0.5;
    const patch = shapeOnly ? { shape: after.shape, pattern: after.pattern } : { color: after.color };
    const what = shapeOnly ? `a ${before.color} ${after.shape}` : `a ${after.color} ${before.shape}`;
    return out(
      patchObject(source, before.id, patch),
      `replaced ${named(before)} with ${what}, not a ${after.color} ${after.shape}`,
    );
  },
  'subject-remove': ({ source, asked }) => {
    const gone = asked.removed[0]!;
    return out(
      patchObject(source, gone.id, { size: r4(gone.size * 0.5) }),
      `left a half-size remnant of ${named(gone)} instead of removing it`,
    );
  },
  'subject-add': ({ edit, asked }, rng) => {
    const added = asked.added[0]!;
    const color = neighbourColor(edit.target, added, added.color, rng);
    if (!color) return null;
    return out(
      patchObject(edit.target, added.id, { color }),
      `added a ${color} ${added.shape} instead of a ${added.color} one`,
    );
  },
  count_change: ({ edit, asked }, rng) => {
    const [first, ...rest] = asked.added;
    if (rest.length > 0) {
      const scene = cloneScene(edit.target);
      scene.objects = scene.objects.filter((o) => !rest.some((r) => r.id === o.id));
      return out(
        scene,
        `added ${asked.added.length - rest.length} ${first!.color} ${first!.shape} instead of ${asked.added.length}`,
      );
    }
    const color = neighbourColor(edit.target, first!, first!.color, rng);
    if (!color) return null;
    return out(
      patchObject(edit.target, first!.id, { color }),
      `added a ${color} copy instead of a ${first!.color} ${first!.shape}`,
    );
  },
  background_change: ({ source, edit }, rng) => {
    const asked = edit.target.background.color;
    const options = BACKGROUND_NEIGHBOURS[asked].filter((c) => c !== source.background.color);
    if (options.length === 0) return null;
    const scene = cloneScene(edit.target);
    scene.background.color = pick(options, rng);
    return out(scene, `made the background ${scene.background.color} instead of ${asked}`);
  },
  motion_change: ({ source, asked }) => {
    const { before, after } = asked.changed[0]!;
    for (const f of [0.5, 0.6, 0.4]) {
      const scene = partWay(source, before, after, f);
      if (scene)
        return out(scene, `moved ${named(before)} only ${Math.round(f * 100)}% of the asked distance`);
    }
    return null;
  },
  size_change: ({ source, asked }) => {
    const { before, after } = asked.changed[0]!;
    const scene = partWay(source, before, after, 0.5);
    return scene && out(scene, `resized ${named(before)} only half as much as asked`);
  },
  text_change: ({ edit }, rng) => {
    const sign = edit.target.sign!;
    const i = rng.int(0, sign.text.length - 1);
    const wrong = pick(
      [...GLYPH_CHARS].filter((c) => c !== sign.text[i]),
      rng,
    );
    const text = sign.text.slice(0, i) + wrong + sign.text.slice(i + 1);
    const scene = cloneScene(edit.target);
    scene.sign = { ...sign, text };
    return out(scene, `wrote "${text}" instead of "${sign.text}"`);
  },
  tone_transfer: ({ source, asked }) => {
    const scene = cloneScene(source);
    for (const k of ['brightness', 'warmth', 'saturation'] as const) {
      scene.tone[k] = r4(source.tone[k] + asked.tone[k] / 3);
    }
    return out(scene, 'applied the tone change at a third of the asked strength');
  },
};

/** Does the edit only in part: a neighbouring shade, half the move, a third of the tone, one wrong letter... */
export const partial: Editor = (input, rng) => PARTIALS[input.edit.category](input, rng);

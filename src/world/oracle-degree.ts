import { matchesRef, type SceneGraph, type SceneObject } from '../core/index.js';
import { diffScenes, isNeighbourBackground, isNeighbourColor } from './editors/index.js';
import { MIN_MOVE } from './edits/index.js';
import { counterpart } from './oracle-truth.js';
import type { WorldEdit } from './types.js';

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

/** How close a colour is to the asked one: exact 1, a neighbouring shade 0.5, another change 0.2, none 0. */
function colorDegree(asked: string, got: string | undefined, before: string, neighbour: boolean): number {
  if (got === asked) return 1;
  if (got === undefined || got === before) return 0;
  return neighbour ? 0.5 : 0.2;
}

/** New objects of the candidate (ids the source does not have). */
function newObjects(source: SceneGraph, scene: SceneGraph): SceneObject[] {
  const ids = new Set(source.objects.map((o) => o.id));
  return scene.objects.filter((o) => !ids.has(o.id));
}

/**
 * How much of the asked change the candidate made, 0-1, graded as a person grades it: a neighbouring
 * shade is half a recolour, half the move is half, a move under 10% of the side is none (PAPER.md), a
 * half-size remnant is a quarter of a removal (removals must be complete), one wrong letter in five
 * is about half a text change, a third of a tone change is a third.
 */
export function editDegree(source: SceneGraph, edit: WorldEdit, scene: SceneGraph): number {
  const asked = diffScenes(source, edit.target);
  const change = asked.changed[0];
  const now = change && counterpart(scene, change.before);
  switch (edit.category) {
    case 'color_alter':
      return colorDegree(
        change!.after.color,
        now?.color,
        change!.before.color,
        now !== undefined && isNeighbourColor(change!.after.color, now.color),
      );
    case 'material_alter':
      return now?.pattern === change!.after.pattern
        ? 1
        : now && now.pattern !== change!.before.pattern
          ? 0.3
          : 0;
    case 'subject-replace':
      if (!now) return 0;
      return ((now.shape === change!.after.shape ? 1 : 0) + (now.color === change!.after.color ? 1 : 0)) / 2;
    case 'subject-remove': {
      const gone = asked.removed[0]!;
      const left = scene.objects.find((o) => o.id === gone.id);
      return left ? 0.5 * clamp01(1 - left.size / gone.size) : 1;
    }
    case 'subject-add':
    case 'count_change': {
      const fresh = newObjects(source, scene);
      const wanted = asked.added;
      let credit = 0;
      for (const want of wanted) {
        const exact = fresh.findIndex((o) => matchesRef(o, { shape: want.shape, color: want.color }));
        const near = fresh.findIndex((o) => o.shape === want.shape && isNeighbourColor(want.color, o.color));
        const pickIndex = exact >= 0 ? exact : near;
        if (pickIndex < 0) continue;
        credit += exact >= 0 ? 1 : 0.5;
        fresh.splice(pickIndex, 1);
      }
      return credit / wanted.length;
    }
    case 'background_change': {
      const askedColor = edit.target.background.color;
      const got = scene.background.color;
      return colorDegree(askedColor, got, source.background.color, isNeighbourBackground(askedColor, got));
    }
    case 'motion_change': {
      const moved = scene.objects.find((o) => o.id === change!.before.id);
      if (!moved) return 0;
      const along = (o: SceneObject) =>
        (o.x - change!.before.x) * Math.sign(change!.after.x - change!.before.x) +
        (o.y - change!.before.y) * Math.sign(change!.after.y - change!.before.y);
      const shift = along(moved);
      return shift < MIN_MOVE ? 0 : clamp01(shift / along(change!.after));
    }
    case 'size_change':
      if (!now) return 0;
      return clamp01(
        Math.log(now.size / change!.before.size) / Math.log(change!.after.size / change!.before.size),
      );
    case 'text_change': {
      const want = edit.target.sign!.text;
      const got = scene.sign?.text ?? '';
      if (got === want) return 1;
      if (got === source.sign?.text || got.length !== want.length) return 0;
      return (0.6 * [...want].filter((ch, i) => got[i] === ch).length) / want.length;
    }
    case 'tone_transfer': {
      const key = (['brightness', 'warmth', 'saturation'] as const).find((k) => asked.tone[k] !== 0)!;
      return clamp01((scene.tone[key] - source.tone[key]) / asked.tone[key]);
    }
  }
}

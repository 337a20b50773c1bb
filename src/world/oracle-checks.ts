import {
  matchesRef,
  type Check,
  type ObjectAspect,
  type SceneGraph,
  type SceneObject,
} from '../core/index.js';
import { diffScenes, sameScene } from './editors/index.js';
import { counterpart, findByRef, KEPT_POSITION, KEPT_SIZE, objectArea } from './oracle-truth.js';
import type { Candidate } from './types.js';

/** The true scenes behind one judgement: before, as asked, and as the candidate made it. */
export interface Truth {
  source: SceneGraph;
  target: SceneGraph;
  candidate: Candidate;
}

/**
 * How far the measured tone attribute (images/tone-stats, 0-1) moves per unit of the scene's tone:
 * brightness adds 0.5 of the range per unit, warmth moves R - B by 0.5, and saturation's effect on the
 * mean HSV saturation of a light scene is about 0.2 per unit.
 */
const TONE_SCALE = { brightness: 0.5, warmth: 0.5, saturation: 0.2 } as const;
/** A person calls a tone "changed as asked" once it moves at least half as far as asked. */
const TONE_SHARE_OF_ASK = 0.5;
/** An unasked tone shift (tone units) a person notices as a cast or a different look. */
export const NOTICEABLE_TONE = 0.1;
/** JPEG below this quality shows blocks a person calls artefacts. */
const BLOCKY_JPEG = 50;

/** Estimated share of the picture that differs between two scenes (a global change counts as all). */
export function changedShare(before: SceneGraph, after: SceneGraph): number {
  const d = diffScenes(before, after);
  if (d.backgroundChanged || Object.values(d.tone).some((v) => Math.abs(v) >= NOTICEABLE_TONE)) return 1;
  const moved = d.changed.map(({ before: b, after: a }) => objectArea(b) + objectArea(a));
  const total = [...moved, ...d.removed.map(objectArea), ...d.added.map(objectArea)].reduce(
    (s, v) => s + v,
    0,
  );
  return Math.min(1, total + (d.signChanged ? 0.02 : 0));
}

function aspectKept(
  aspect: ObjectAspect,
  a: SceneGraph['objects'][number],
  b: SceneGraph['objects'][number],
) {
  switch (aspect) {
    case 'shape':
    case 'color':
    case 'pattern':
      return a[aspect] === b[aspect];
    case 'position':
      return Math.abs(a.x - b.x) <= KEPT_POSITION && Math.abs(a.y - b.y) <= KEPT_POSITION;
    case 'size':
      return Math.abs(b.size / a.size - 1) <= KEPT_SIZE;
  }
}

/** Whether a check holds on the true scenes and artefacts: the world's ground truth for one principle. */
export function checkOnTruth(check: Check, { source, target, candidate }: Truth): boolean {
  const scene = candidate.scene;
  const artifacts = candidate.artifacts;
  switch (check.kind) {
    case 'changed':
      return !sameScene(source, scene);
    case 'change-localized':
      return changedShare(source, scene) <= check.maxChangedShare;
    case 'change-widespread':
      return changedShare(source, scene) >= check.minChangedShare;
    case 'tone': {
      const sign = check.direction === 'increase' ? 1 : -1;
      if (check.attribute === 'contrast') return false;
      const moved = sign * (scene.tone[check.attribute] - source.tone[check.attribute]);
      const asked = sign * (target.tone[check.attribute] - source.tone[check.attribute]);
      return (
        moved * TONE_SCALE[check.attribute] >= check.minDelta &&
        moved >= TONE_SHARE_OF_ASK * Math.max(asked, 0)
      );
    }
    case 'grayscale':
      return scene.tone.saturation <= -0.9;
    case 'text-present':
      return scene.sign?.text.includes(check.text) ?? false;
    case 'text-absent':
      return !(scene.sign?.text.includes(check.text) ?? false);
    case 'no-border':
      return !artifacts.some((a) => a.kind === 'white-border');
    case 'same-aspect':
      return true;
    case 'not-oversaturated':
      return (
        !artifacts.some((a) => a.kind === 'oversaturate') &&
        scene.tone.saturation - target.tone.saturation < 0.5
      );
    case 'no-artifacts':
      return !artifacts.some(
        (a) => a.kind === 'blur' || a.kind === 'noise' || (a.kind === 'jpeg' && a.quality < BLOCKY_JPEG),
      );
    case 'no-color-cast':
      return (
        !artifacts.some((a) => a.kind === 'color-cast') &&
        Math.abs(scene.tone.warmth - target.tone.warmth) < NOTICEABLE_TONE * 1.5
      );
    case 'object-becomes': {
      const before = findByRef(source, check.target);
      const after = before && counterpart(scene, before);
      return after !== undefined && matchesRef(after, check.becomes);
    }
    case 'object-present':
      return scene.objects.some((o) => matchesRef(o, check.target));
    case 'object-absent':
      return !scene.objects.some((o) => matchesRef(o, check.target));
    case 'object-count':
      return scene.objects.filter((o) => matchesRef(o, check.target)).length === check.count;
    case 'object-moved': {
      const before = findByRef(source, check.target);
      const after = before && scene.objects.find((o) => o.id === before.id);
      if (!before || !after) return false;
      const shift = {
        left: before.x - after.x,
        right: after.x - before.x,
        up: before.y - after.y,
        down: after.y - before.y,
      };
      return shift[check.direction] >= check.minShift;
    }
    case 'object-resized': {
      const before = findByRef(source, check.target);
      const after = before && counterpart(scene, before);
      if (!before || !after) return false;
      const ratio = after.size / before.size;
      return check.direction === 'larger' ? ratio >= check.minRatio : ratio <= 1 / check.minRatio;
    }
    case 'objects-kept': {
      const named = (o: SceneObject) => check.except.some((ref) => matchesRef(o, ref));
      const sourceIds = new Set(source.objects.map((o) => o.id));
      const keptAll = source.objects
        .filter((o) => !named(o))
        .every((o) => {
          const after = scene.objects.find((c) => c.id === o.id);
          return after !== undefined && check.aspects.every((a) => aspectKept(a, o, after));
        });
      return keptAll && scene.objects.every((o) => sourceIds.has(o.id) || named(o));
    }
    case 'background-color':
      return scene.background.color === check.color;
    case 'background-kept':
      return (
        scene.background.color === source.background.color &&
        scene.background.texture === source.background.texture
      );
    case 'sign-text':
      return scene.sign?.text === check.text;
    case 'sign-kept': {
      const [a, b] = [source.sign, scene.sign];
      if (!a || !b) return a === b;
      return (
        a.text === b.text &&
        Math.abs(a.x - b.x) <= 0.02 &&
        Math.abs(a.y - b.y) <= 0.02 &&
        Math.abs(b.height / a.height - 1) <= 0.1
      );
    }
  }
}

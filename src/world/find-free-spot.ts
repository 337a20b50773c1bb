import type { Rng, SceneGraph, Sign } from '../core/index.js';
import { signPlateBox } from './sign-plate-box.js';

/**
 * The world's placement rules. Two objects keep their centres at least SPACING x (size_a + size_b)
 * apart (sizes are circumradii), so their outlines never touch and a parser sees them apart. An
 * object or sign stays EDGE_MARGIN of the side inside the frame. Against the sign the test is a box
 * test: the object's square of half-side SPACING x size must not meet the plate.
 */
export const PLACEMENT = { spacing: 1.15, edgeMargin: 0.03 } as const;

/** How many random spots are tried before giving up: enough for a crowded 8-object scene to find a gap when one is common. */
const TRIES = 400;

/** Positions are kept to 4 decimals so scene files stay readable; the rules are tested on the rounded values. */
export function round4(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** Whether an object of this size centred at (x, y) meets the sign's plate (box test). */
export function touchesSign(x: number, y: number, size: number, sign: Sign): boolean {
  const plate = signPlateBox(sign, 1);
  const half = size * PLACEMENT.spacing;
  return x + half > plate.x0 && x - half < plate.x1 && y + half > plate.y0 && y - half < plate.y1;
}

/** Whether an object of this size at (x, y) obeys every placement rule against the scene (ignoring ignoreIds). */
export function spotIsFree(
  scene: Pick<SceneGraph, 'objects' | 'sign'>,
  x: number,
  y: number,
  size: number,
  ignoreIds: readonly string[] = [],
): boolean {
  const margin = size + PLACEMENT.edgeMargin;
  if (x < margin || x > 1 - margin || y < margin || y > 1 - margin) return false;
  if (scene.sign && touchesSign(x, y, size, scene.sign)) return false;
  return scene.objects.every(
    (o) => ignoreIds.includes(o.id) || Math.hypot(o.x - x, o.y - y) >= (o.size + size) * PLACEMENT.spacing,
  );
}

/**
 * A random spot for an object of this size that obeys the placement rules against the scene's other
 * objects (except ignoreIds: the object being moved or resized) and its sign; null when TRIES random
 * spots all fail.
 */
export function findFreeSpot(
  scene: SceneGraph,
  size: number,
  rng: Rng,
  ignoreIds: string[] = [],
): { x: number; y: number } | null {
  const lo = size + PLACEMENT.edgeMargin;
  if (lo > 0.5) return null;
  for (let i = 0; i < TRIES; i++) {
    const x = round4(lo + (1 - 2 * lo) * rng.next());
    const y = round4(lo + (1 - 2 * lo) * rng.next());
    if (spotIsFree(scene, x, y, size, ignoreIds)) return { x, y };
  }
  return null;
}

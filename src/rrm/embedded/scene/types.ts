import type { BackgroundColorName, ObjectColorName, PatternName, ShapeName } from '../../../core/index.js';

/**
 * A flat-object scene as read back from pixels: the embedded judge's view of what core/scene.ts
 * describes. Positions and sizes use the scene graph's units (fractions of width/height, size as a
 * fraction of the shorter side), so a parsed object compares directly with a true one.
 */
export interface ParsedObject {
  shape: ShapeName;
  color: ObjectColorName;
  pattern: PatternName;
  x: number;
  y: number;
  /** Half the object's extent (circumradius estimate), as a fraction of the shorter side. */
  size: number;
  /** Share of the image's pixels the object covers. */
  area: number;
}

export interface ParsedSign {
  /** What was read; characters the reader could not match are '?'. */
  text: string;
  x: number;
  y: number;
  height: number;
}

export interface ParsedScene {
  width: number;
  height: number;
  background: { color: BackgroundColorName; rgb: readonly [number, number, number] };
  objects: ParsedObject[];
  sign: ParsedSign | null;
}

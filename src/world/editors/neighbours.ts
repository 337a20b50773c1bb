import type { BackgroundColorName, ObjectColorName } from '../../core/index.js';

/**
 * The colours a careless editor lands on instead of the one asked: next on the hue wheel, or the
 * nearest dark/grey. A "partial" recolour picks one of these; the oracle grades them as half right.
 */
export const COLOR_NEIGHBOURS: Record<ObjectColorName, readonly ObjectColorName[]> = {
  red: ['orange', 'pink', 'brown'],
  orange: ['red', 'yellow', 'brown'],
  yellow: ['orange', 'green'],
  green: ['yellow', 'blue'],
  blue: ['purple', 'green'],
  purple: ['blue', 'pink'],
  pink: ['red', 'purple'],
  brown: ['orange', 'red', 'black'],
  black: ['gray', 'brown'],
  gray: ['black'],
};

export const BACKGROUND_NEIGHBOURS: Record<BackgroundColorName, readonly BackgroundColorName[]> = {
  pearl: ['cream'],
  cream: ['pearl', 'sand', 'peach'],
  sky: ['lavender', 'mint'],
  mint: ['sky'],
  sand: ['cream', 'peach'],
  lavender: ['sky', 'peach'],
  peach: ['sand', 'cream', 'lavender'],
};

/** The object colour a background colour bleeds into when an editor spills it onto an object. */
export const BACKGROUND_AS_OBJECT_COLOR: Record<BackgroundColorName, ObjectColorName> = {
  pearl: 'gray',
  cream: 'yellow',
  sky: 'blue',
  mint: 'green',
  sand: 'brown',
  lavender: 'purple',
  peach: 'orange',
};

export function isNeighbourColor(asked: ObjectColorName, got: ObjectColorName): boolean {
  return COLOR_NEIGHBOURS[asked].includes(got);
}

export function isNeighbourBackground(asked: BackgroundColorName, got: BackgroundColorName): boolean {
  return BACKGROUND_NEIGHBOURS[asked].includes(got);
}

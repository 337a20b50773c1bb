import type { BackgroundColorName, ObjectColorName, PatternName, ShapeName, Tone } from '../../core/index.js';

/**
 * What the miniature editor can do to a scene, one operation per program. 'retext' writes the
 * instruction's quoted text on the sign: a copy, as a language model copies tokens from its prompt,
 * because spelling a word letter by letter is not what this policy is for.
 */
export const EDIT_OPS = [
  'noop',
  'recolor',
  'repattern',
  'replace',
  'move',
  'resize',
  'remove',
  'add',
  'background',
  'tone',
  'retext',
] as const;
export type EditOp = (typeof EDIT_OPS)[number];

/**
 * A short program over EditWorld: an operation, which object (an index into the objects the scene
 * parser read from the source pixels, in its order) and the values the operation needs. A field is
 * present exactly when the operation uses it, so a program is plain JSON and its shape says its
 * layout. Continuous values are as drawn (unclamped); applying the program clamps them to the scene.
 */
export interface EditProgram {
  op: EditOp;
  /** Parsed-object index (recolor, repattern, replace, move, resize, remove); absent when nothing was parsed. */
  object?: number;
  color?: ObjectColorName;
  shape?: ShapeName;
  pattern?: PatternName;
  background?: BackgroundColorName;
  toneAttribute?: keyof Tone;
  /** move: shift as a share of the side; add: position as an offset from the centre. */
  dx?: number;
  dy?: number;
  /** resize: the natural log of the scale factor. */
  logScale?: number;
  /** tone: added to the attribute (-1..1 after clamping). */
  toneDelta?: number;
}

/** The program's decisions in sampling order; each is one column of a rollout's log-probs. */
export const PROGRAM_STEPS = [
  'op',
  'object',
  'color',
  'shape',
  'pattern',
  'background',
  'toneAttribute',
  'dx',
  'dy',
  'logScale',
  'toneDelta',
] as const;
export type ProgramStep = (typeof PROGRAM_STEPS)[number];

/** The steps after 'op' that each operation uses ('object' only when the parser found one). */
export const OP_STEPS: Record<EditOp, readonly ProgramStep[]> = {
  noop: [],
  recolor: ['object', 'color'],
  repattern: ['object', 'pattern'],
  replace: ['object', 'shape', 'color'],
  move: ['object', 'dx', 'dy'],
  resize: ['object', 'logScale'],
  remove: ['object'],
  add: ['shape', 'color', 'pattern', 'dx', 'dy'],
  background: ['background'],
  tone: ['toneAttribute', 'toneDelta'],
  retext: [],
};

/** 1 for each column the program's operation decides, 0 for the rest: the rollout's mask. */
export function programMask(op: EditOp, objectsSeen: number): number[] {
  const used = new Set<ProgramStep>(['op', ...OP_STEPS[op]]);
  if (objectsSeen === 0) used.delete('object');
  return PROGRAM_STEPS.map((s) => (used.has(s) ? 1 : 0));
}

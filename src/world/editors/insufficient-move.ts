import { between, tryMove, type Direction } from '../edits/index.js';
import type { Editor } from './editor.js';
import { named } from './same-change.js';

/** PAPER.md: a move under 10% of the side is not a move. This editor moves the object 3-7%. */
export const INSUFFICIENT_MOVE = [0.03, 0.07] as const;

/** Moves the named object the asked way but only 0.03-0.07 of the side; only for motion edits (else null). */
export const insufficientMove: Editor = ({ source, edit, asked }, rng) => {
  const change = asked.changed[0];
  if (edit.category !== 'motion_change' || !change) return null;
  const { before, after } = change;
  const direction: Direction =
    after.x < before.x ? 'left' : after.x > before.x ? 'right' : after.y < before.y ? 'up' : 'down';
  for (let i = 0; i < 4; i++) {
    const shift = between(...INSUFFICIENT_MOVE, rng);
    const scene = tryMove(source, before, direction, shift);
    if (scene) {
      return {
        scene,
        artifacts: [],
        note: `moved ${named(before)} only ${(shift * 100).toFixed(1)}% of the side`,
      };
    }
  }
  return null;
};

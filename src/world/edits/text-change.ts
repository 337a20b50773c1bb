import type { SceneGraph, Sign } from '../../core/index.js';
import { GLYPH_CHARS } from '../../images/index.js';
import { PLACEMENT, touchesSign } from '../find-free-spot.js';
import { signPlateBox } from '../sign-plate-box.js';
import type { EditMaker } from './edit-maker.js';
import { phrase } from './phrasing.js';
import { assemblePrinciples, backgroundKept, follow, keptObjects, qualityPrinciples } from './principles.js';
import { pick } from '../random-pick.js';
import { cloneScene } from './scene-ops.js';

/** Words a sign plausibly says, 2-5 characters; random codes ("K7Q") are drawn beside them. */
const SIGN_WORDS = [
  'HELLO',
  'OPEN',
  'SALE',
  'EXIT',
  'CAFE',
  'STOP',
  'TAXI',
  'BAR',
  'INN',
  'GO',
  'ZOO',
  'BUS',
  'HOTEL',
  'PARK',
  'SHOP',
  'BOOKS',
  'FOOD',
  'WEST',
  'EAST',
  'NORTH',
  'SOUTH',
  'GATE',
  'ROOM',
  'A1',
  'B12',
  'ON',
  'OFF',
  'MENU',
  'PIZZA',
  'FRESH',
  'LAB',
  'DOCK',
  'MAIL',
  'BANK',
];

/** The sign with a new text: inside the frame's margin and clear of every object, or null. */
export function signWithText(scene: SceneGraph, sign: Sign, text: string): Sign | null {
  const next = { ...sign, text };
  const plate = signPlateBox(next, 1);
  const m = PLACEMENT.edgeMargin;
  if (plate.x0 < m || plate.x1 > 1 - m || plate.y0 < m || plate.y1 > 1 - m) return null;
  return scene.objects.some((o) => touchesSign(o.x, o.y, o.size, next)) ? null : next;
}

function randomCode(rng: Parameters<EditMaker>[1]): string {
  return Array.from({ length: rng.int(2, 4) }, () => GLYPH_CHARS[rng.int(0, GLYPH_CHARS.length - 1)]!).join(
    '',
  );
}

/** The sign's text becomes a new 2-5 character text that shares no substring role with the old one. */
export const makeTextChange: EditMaker = (scene, rng) => {
  const sign = scene.sign;
  if (!sign) return null;
  const unrelated = (t: string) => !t.includes(sign.text) && !sign.text.includes(t);
  const pool = [...SIGN_WORDS, randomCode(rng), randomCode(rng)].filter(unrelated);
  const fitting = pool.filter((t) => signWithText(scene, sign, t) !== null);
  if (fitting.length === 0) return null;
  const text = pick(fitting, rng);
  const target = cloneScene(scene);
  target.sign = signWithText(scene, sign, text);
  const principles = assemblePrinciples(
    [
      follow(`Does the sign now read "${text}"?`, { kind: 'sign-text', text }),
      // Read off the sign by the scene parser, not by OCR: a sign reading exactly the new text also
      // answers whether the old one is gone, and OCR would cost 100+ ms an image.
      follow(`Can the text "${text}" be read on the sign?`, { kind: 'sign-text', text }),
      follow(`Is the old text "${sign.text}" gone, replaced by "${text}"?`, { kind: 'sign-text', text }),
    ],
    [...keptObjects([], 'all the objects'), backgroundKept()],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'text_change',
    instruction: phrase('text_change', { text }, rng),
    target,
    principles,
  };
};

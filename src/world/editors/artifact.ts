import type { Rng } from '../../core/index.js';
import { between, pick } from '../edits/index.js';
import type { Artifact } from '../types.js';
import type { Editor } from './editor.js';

/** One damaging artefact at a strength real editors show; each is a function of the rng. */
const DAMAGE: ReadonlyArray<(rng: Rng) => { artifact: Artifact; words: string }> = [
  (rng) => {
    const sigma = between(0.006, 0.012, rng);
    return { artifact: { kind: 'blur', sigma }, words: `blurred (sigma ${sigma} of the side)` };
  },
  (rng) => {
    const amount = between(0.04, 0.08, rng);
    return { artifact: { kind: 'noise', amount }, words: `added noise (${amount} of the range)` };
  },
  (rng) => {
    const quality = rng.int(8, 15);
    return { artifact: { kind: 'jpeg', quality }, words: `left heavy JPEG blocks (quality ${quality})` };
  },
  (rng) => {
    const channel = rng.int(0, 2);
    const shift = (rng.next() < 0.5 ? -1 : 1) * between(0.08, 0.15, rng);
    const rgb = [0, 0, 0].map((v, i) => (i === channel ? shift : v)) as [number, number, number];
    const name = ['red', 'green', 'blue'][channel]!;
    return {
      artifact: { kind: 'color-cast', rgb },
      words: `cast the picture ${shift > 0 ? '+' : ''}${shift} ${name}`,
    };
  },
  (rng) => {
    const factor = between(1.8, 2.5, rng);
    return { artifact: { kind: 'oversaturate', factor }, words: `oversaturated the colours (x${factor})` };
  },
];

/** Does the edit, then damages the pixels with one artefact. */
export const artifact: Editor = ({ edit }, rng) => {
  const { artifact: damage, words } = pick(DAMAGE, rng)(rng);
  return { scene: structuredClone(edit.target), artifacts: [damage], note: `did the edit but ${words}` };
};

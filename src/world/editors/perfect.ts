import type { Editor } from './editor.js';

/** Does exactly what was asked; sometimes saved as a high-quality JPEG (92-95), as real editors do. */
export const perfect: Editor = ({ edit }, rng) => ({
  scene: structuredClone(edit.target),
  artifacts: rng.next() < 0.5 ? [{ kind: 'jpeg', quality: rng.int(92, 95) }] : [],
  note: 'did exactly what was asked',
});

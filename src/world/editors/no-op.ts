import type { Editor } from './editor.js';

/** Returns the source unchanged, sometimes re-encoded as a JPEG of quality 90. */
export const noOp: Editor = ({ source }, rng) => {
  const reencoded = rng.next() < 0.5;
  return {
    scene: structuredClone(source),
    artifacts: reencoded ? [{ kind: 'jpeg', quality: 90 }] : [],
    note: reencoded ? 'returned the source unchanged (re-encoded as JPEG)' : 'returned the source unchanged',
  };
};

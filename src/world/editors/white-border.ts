import { between } from '../edits/index.js';
import type { Editor } from './editor.js';

/** Does the edit but frames the picture in white (0.04-0.08 of the side): a rule-breaking output, scored 0. */
export const whiteBorder: Editor = ({ edit }, rng) => {
  const width = between(0.04, 0.08, rng);
  return {
    scene: structuredClone(edit.target),
    artifacts: [{ kind: 'white-border', width }],
    note: `did the edit but added a white border ${(width * 100).toFixed(1)}% of the side wide`,
  };
};

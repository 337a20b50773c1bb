import { BACKGROUND_COLOR_NAMES } from '../../core/index.js';
import type { EditMaker } from './edit-maker.js';
import { BACKGROUND_WORDS, phrase } from './phrasing.js';
import { assemblePrinciples, follow, keptObjects, qualityPrinciples, signKept } from './principles.js';
import { pick } from '../random-pick.js';
import { cloneScene } from './scene-ops.js';

/**
 * Share of the picture a background change must touch: objects cover at most about a third of a
 * generated scene, so a real background change moves well over this.
 */
export const BACKGROUND_MIN_CHANGED_SHARE = 0.4;

/** The background takes another colour; its texture (plain, gradient, grain) is kept. */
export const makeBackgroundChange: EditMaker = (scene, rng) => {
  const color = pick(
    BACKGROUND_COLOR_NAMES.filter((c) => c !== scene.background.color),
    rng,
  );
  const words = BACKGROUND_WORDS[color];
  const before = BACKGROUND_WORDS[scene.background.color];
  const target = cloneScene(scene);
  target.background.color = color;
  const principles = assemblePrinciples(
    [
      follow(`Is the background now ${words}?`, { kind: 'background-color', color }),
      follow(
        `Has the ${before} background given way to ${words} everywhere, with no patches of the old colour?`,
        {
          kind: 'background-color',
          color,
        },
      ),
      follow('Does the change cover the whole background rather than a few spots?', {
        kind: 'change-widespread',
        minChangedShare: BACKGROUND_MIN_CHANGED_SHARE,
      }),
    ],
    [...keptObjects([], 'all the objects'), signKept(scene.sign !== null)],
    qualityPrinciples(),
    rng,
  );
  return {
    category: 'background_change',
    instruction: phrase('background_change', { color: words }, rng),
    target,
    principles,
  };
};

import type { Rng, SceneGraph, Tone } from '../../core/index.js';
import type { EditMaker } from './edit-maker.js';
import { phrase, TONE_WORDS, type ToneAttribute, type ToneDirection } from './phrasing.js';
import {
  assemblePrinciples,
  follow,
  keep,
  qualityPrinciples,
  signKept,
  type QualityKind,
} from './principles.js';
import { between, pick } from '../random-pick.js';
import { cloneScene } from './scene-ops.js';
import { expectedToneDelta } from './expected-tone-delta.js';

/** How far each tone edit moves its attribute (tone units, core/scene.ts), by direction. */
export const TONE_RANGES: Record<`${ToneAttribute}-${ToneDirection}`, readonly [number, number]> = {
  'brightness-increase': [0.3, 0.5],
  'brightness-decrease': [0.3, 0.5],
  'warmth-increase': [0.4, 0.6],
  'warmth-decrease': [0.4, 0.6],
  'saturation-increase': [0.5, 0.8],
  'saturation-decrease': [0.6, 0.8],
};
/**
 * The pixel check's threshold is this share of the move the edit should make in the measured
 * statistic: a person calls a tone change done once it goes at least half as far as asked.
 */
export const TONE_SHARE_OF_ASK = 0.5;
/** The least threshold (0-1 of the measured attribute), so noise never passes for a change. */
export const TONE_MIN_DELTA = 0.01;

/** Saturation has almost nothing to act on over a pearl-grey ground: the change would be invisible there. */
function visibleChanges(scene: SceneGraph): Array<keyof typeof TONE_RANGES> {
  const all = Object.keys(TONE_RANGES) as Array<keyof typeof TONE_RANGES>;
  return scene.background.color === 'pearl' ? all.filter((k) => k !== 'saturation-increase') : all;
}

const clampTone = (v: number) => Math.max(-1, Math.min(1, Math.round(v * 1e4) / 1e4));

/** The whole picture gets brighter/darker, warmer/cooler, or more vivid/muted. */
export const makeToneTransfer: EditMaker = (scene: SceneGraph, rng: Rng) => {
  const key = pick(visibleChanges(scene), rng);
  const [attribute, direction] = key.split('-') as [ToneAttribute, ToneDirection];
  const amount = between(...TONE_RANGES[key], rng);
  const target = cloneScene(scene);
  const tone: Tone = { ...scene.tone };
  tone[attribute] = clampTone(tone[attribute] + (direction === 'increase' ? amount : -amount));
  target.tone = tone;
  const words = TONE_WORDS[key];
  const expected = Math.abs(expectedToneDelta(scene, target, attribute));
  const minDelta = Math.max(TONE_MIN_DELTA, Math.round(TONE_SHARE_OF_ASK * expected * 1000) / 1000);
  const check = { kind: 'tone', attribute, direction, minDelta } as const;
  const omit: QualityKind[] = [];
  if (attribute === 'warmth') omit.push('no-color-cast');
  if (key === 'saturation-increase') omit.push('not-oversaturated');
  const aspects = (list: Array<'shape' | 'pattern' | 'position' | 'size'>) => ({
    kind: 'objects-kept' as const,
    except: [],
    aspects: list,
  });
  const principles = assemblePrinciples(
    [
      follow(`Is the picture ${words.adjective} than before?`, check),
      follow(`Does the image now have ${words.noun}?`, check),
      // The tone check again, not a changed-share check: a tone shift on a light ground clips at white
      // and moves many pixels too little for a change map, though everyone sees it.
      follow('Does the change reach the whole picture, background included, not just one spot?', check),
    ],
    [
      keep(
        'Are all the objects still there with the same shapes, patterns, places and sizes?',
        aspects(['shape', 'pattern', 'position', 'size']),
      ),
      keep('Does every object keep its shape and pattern?', aspects(['shape', 'pattern'])),
      keep('Does every object stay where it was, at the same size?', aspects(['position', 'size'])),
      signKept(scene.sign !== null),
    ],
    qualityPrinciples(omit),
    rng,
  );
  return {
    category: 'tone_transfer',
    instruction: phrase('tone_transfer', { words }, rng),
    target,
    principles,
  };
};

import type { BackgroundColorName, PatternName, Rng, ShapeName, Tone } from '../../core/index.js';
import type { EditCategory } from '../types.js';
import { pick } from '../random-pick.js';

/** How instructions and questions say a background colour: the vocabulary's short names read oddly alone. */
export const BACKGROUND_WORDS: Record<BackgroundColorName, string> = {
  pearl: 'pearl grey',
  cream: 'cream',
  sky: 'sky blue',
  mint: 'mint green',
  sand: 'sandy beige',
  lavender: 'lavender',
  peach: 'peach',
};

/** A pattern as an adjective ("make it striped") and as a noun phrase ("give it a striped pattern"). */
export const PATTERN_WORDS: Record<PatternName, { adjective: string; noun: string }> = {
  solid: { adjective: 'plain', noun: 'a plain, solid fill' },
  striped: { adjective: 'striped', noun: 'a striped pattern' },
  dotted: { adjective: 'dotted', noun: 'a dotted pattern' },
  checkered: { adjective: 'checkered', noun: 'a checkered pattern' },
};

const PLURAL_SHAPES: Record<ShapeName, string> = {
  circle: 'circles',
  square: 'squares',
  triangle: 'triangles',
  diamond: 'diamonds',
  hexagon: 'hexagons',
  star: 'stars',
  cross: 'crosses',
};

/** "red circle" -> "red circles". */
export function pluralWords(colour: string, shape: ShapeName): string {
  return `${colour} ${PLURAL_SHAPES[shape]}`;
}

const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'];
export function numberWord(n: number): string {
  return NUMBER_WORDS[n] ?? String(n);
}

export type ToneAttribute = keyof Tone;
export type ToneDirection = 'increase' | 'decrease';

/** The words a person uses for each tone change. */
export const TONE_WORDS: Record<
  `${ToneAttribute}-${ToneDirection}`,
  { adjective: string; verb: string; noun: string }
> = {
  'warmth-increase': { adjective: 'warmer', verb: 'warm up the colours', noun: 'a warmer, more golden tone' },
  'warmth-decrease': { adjective: 'cooler', verb: 'cool the colours down', noun: 'a cooler, bluer tone' },
  'brightness-increase': { adjective: 'brighter', verb: 'brighten the image', noun: 'more light overall' },
  'brightness-decrease': { adjective: 'darker', verb: 'darken the image', noun: 'less light overall' },
  'saturation-increase': {
    adjective: 'more vivid',
    verb: 'boost the saturation',
    noun: 'stronger, more saturated colours',
  },
  'saturation-decrease': {
    adjective: 'more muted',
    verb: 'desaturate the image',
    noun: 'softer, less saturated colours',
  },
};

/** What each category's phrasings are filled with; object names are "the red circle" / "a blue star". */
export interface PhrasingParams {
  color_alter: { object: string; color: string };
  'subject-add': { object: string; where: string };
  'subject-remove': { object: string };
  'subject-replace': { object: string; replacement: string };
  background_change: { color: string };
  motion_change: { object: string; direction: 'left' | 'right' | 'up' | 'down' };
  size_change: { object: string; larger: boolean };
  text_change: { text: string };
  material_alter: { object: string; pattern: PatternName };
  tone_transfer: { words: { adjective: string; verb: string; noun: string } };
  count_change: { singular: string; plural: string; added: number; total: number };
}

type Phrasings = { [C in EditCategory]: ReadonlyArray<(p: PhrasingParams[C]) => string> };

const towards = (d: PhrasingParams['motion_change']['direction']) =>
  d === 'left' || d === 'right' ? `to the ${d}` : d;
const further = (d: PhrasingParams['motion_change']['direction']) =>
  d === 'left' || d === 'right' ? `further to the ${d}` : d === 'up' ? 'higher up' : 'lower down';
const space = (where: string) => (where ? ` ${where}` : '');

/** Several ways to ask for each edit: a judge must not learn one sentence per category. */
export const PHRASINGS: Phrasings = {
  color_alter: [
    (p) => `make ${p.object} ${p.color}`,
    (p) => `turn ${p.object} ${p.color}`,
    (p) => `${p.object} should be ${p.color}`,
    (p) => `change the colour of ${p.object} to ${p.color}`,
    (p) => `recolour ${p.object} ${p.color}`,
  ],
  'subject-add': [
    (p) => `add ${p.object}${space(p.where)}`,
    (p) => `put ${p.object} ${p.where || 'into the picture'}`,
    (p) => `place ${p.object} ${p.where || 'somewhere in the picture'}`,
    (p) => `there should also be ${p.object}${space(p.where)}`,
  ],
  'subject-remove': [
    (p) => `remove ${p.object}`,
    (p) => `delete ${p.object}`,
    (p) => `take ${p.object} out of the picture`,
    (p) => `get rid of ${p.object}`,
  ],
  'subject-replace': [
    (p) => `replace ${p.object} with ${p.replacement}`,
    (p) => `turn ${p.object} into ${p.replacement}`,
    (p) => `swap ${p.object} for ${p.replacement}`,
    (p) => `put ${p.replacement} where ${p.object} is`,
  ],
  background_change: [
    (p) => `make the background ${p.color}`,
    (p) => `change the background to ${p.color}`,
    (p) => `the background should be ${p.color}`,
    (p) => `paint the background ${p.color}`,
  ],
  motion_change: [
    (p) => `move ${p.object} ${towards(p.direction)}`,
    (p) => `shift ${p.object} ${towards(p.direction)}`,
    (p) => `${p.object} should sit ${further(p.direction)}`,
    (p) => `slide ${p.object} ${towards(p.direction)}`,
  ],
  size_change: [
    (p) => `make ${p.object} ${p.larger ? 'bigger' : 'smaller'}`,
    (p) => `${p.larger ? 'enlarge' : 'shrink'} ${p.object}`,
    (p) => `${p.object} should be ${p.larger ? 'larger' : 'smaller'}`,
    (p) => `scale ${p.object} ${p.larger ? 'up' : 'down'}`,
  ],
  text_change: [
    (p) => `change the sign to read "${p.text}"`,
    (p) => `make the sign say "${p.text}"`,
    (p) => `replace the text on the sign with "${p.text}"`,
    (p) => `the sign should read "${p.text}"`,
  ],
  material_alter: [
    (p) => `make ${p.object} ${PATTERN_WORDS[p.pattern].adjective}`,
    (p) => `give ${p.object} ${PATTERN_WORDS[p.pattern].noun}`,
    (p) => `${p.object} should be ${PATTERN_WORDS[p.pattern].adjective}`,
    (p) => `change the pattern of ${p.object} to ${PATTERN_WORDS[p.pattern].noun}`,
  ],
  tone_transfer: [
    (p) => `make the picture ${p.words.adjective}`,
    (p) => p.words.verb,
    (p) => `give the image ${p.words.noun}`,
    (p) => `the image should look ${p.words.adjective}`,
  ],
  count_change: [
    (p) => (p.added === 1 ? `add another ${p.singular}` : `add ${numberWord(p.added)} more ${p.plural}`),
    (p) => `make there be ${numberWord(p.total)} ${p.plural}`,
    (p) => `there should be ${numberWord(p.total)} ${p.plural}`,
    (p) => `I want ${numberWord(p.total)} ${p.plural} in the picture`,
  ],
};

/** One phrasing of the category drawn by the rng, sentence-cased. */
export function phrase<C extends EditCategory>(category: C, params: PhrasingParams[C], rng: Rng): string {
  const text = pick(PHRASINGS[category], rng)(params);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

import { asksForBorder, type Check, type Principle } from '../core/index.js';
import type { EditKind } from './edit-kind.js';
import type { InstructionAnalysis } from './classify-instruction.js';
import type { Strength, ToneAttribute, ToneDirection } from './vocabulary.js';

/**
 * The principles whose question pixels or OCR answer alone, each with its check, and the thresholds
 * behind them. Every question says exactly what its check measures, so a VLM and the embedded judge
 * answer the same question.
 */

const pct = (share: number) => `${Math.round(share * 100)}%`;

/**
 * Most of the frame a local edit may change. The change map marks whole grid cells as changed when
 * their mean difference passes a threshold, so an object's footprint is rounded up to whole cells and
 * grows by its shadow and the re-rendered rim around it: an object covering a tenth of the frame can
 * mark two or three times that. The shares sit well above such footprints: they catch an editor that
 * regenerated the whole picture, not a large object.
 */
export const LOCAL_CHANGE_SHARE = {
  // Lettering is small even on a big sign.
  text: 0.25,
  // One object and its surround.
  add: 0.35,
  remove: 0.35,
  // The object shows at two places: the spot it left (refilled) and the spot it moved to.
  position: 0.35,
  // The union of the old and the new outline, which can differ in size.
  replace: 0.4,
  size: 0.4,
  // Several copies, or a re-posed body.
  count: 0.4,
  action: 0.4,
  // A recoloured object may be large (a wall, a car in close-up); past half the frame the colour spilled.
  colour: 0.5,
  material: 0.5,
} as const satisfies Partial<Record<EditKind, number>>;

/**
 * Least of the frame a broad edit must change. A background usually fills well over a third of a photo,
 * so a replacement that changed under 30% left most of it; a restyle repaints every region.
 */
export const WIDESPREAD_CHANGE_SHARE = { background: 0.3, style: 0.5 } as const;

/**
 * Smallest move of a global tone attribute that counts as done, on that attribute's 0-1 scale. A mean
 * brightness or saturation shift of 0.05 (about 13/255) is plainly visible side by side; contrast
 * (spread of luma, typically 0.15-0.25) and warmth (mean red minus blue) move less for the same
 * visible effect, so they take 0.03. "Slightly" halves the delta, "much" doubles it.
 */
export const TONE_MIN_DELTA: Record<ToneAttribute, number> = {
  brightness: 0.05,
  saturation: 0.05,
  contrast: 0.03,
  warmth: 0.03,
};
const STRENGTH_FACTOR: Record<Strength, number> = { slight: 0.5, normal: 1, strong: 2 };

/**
 * Editors snap their output to multiples of 16-64 pixels, which moves the aspect ratio by up to about
 * 3-4% near a megapixel; a crop or pad to another frame (4:3 to 1:1 is 25%) is far larger.
 */
export const ASPECT_TOLERANCE = 0.05;

/**
 * In natural photos well under 2% of pixels sit at clipped, maximal saturation; 5% flags a neon result
 * and still leaves room for a bright red car or a lit sign.
 */
export const MAX_CLIPPED_SHARE = 0.05;

const withCheck = (question: string, category: Principle['category'], check: Check): Principle => ({
  question,
  category,
  check,
});

export const changedPrinciple = (): Principle =>
  withCheck('Does the edited image differ visibly from the source?', 'instruction-following', {
    kind: 'changed',
  });

export const localizedPrinciple = (kind: keyof typeof LOCAL_CHANGE_SHARE): Principle => {
  const maxChangedShare = LOCAL_CHANGE_SHARE[kind];
  return withCheck(
    `Is the change limited to a local part of the image (at most ${pct(maxChangedShare)} of it), with the rest left as it was?`,
    'feature-preservation',
    { kind: 'change-localized', maxChangedShare },
  );
};

export const widespreadPrinciple = (kind: keyof typeof WIDESPREAD_CHANGE_SHARE, why: string): Principle => {
  const minChangedShare = WIDESPREAD_CHANGE_SHARE[kind];
  return withCheck(
    `Has a large part of the image (at least ${pct(minChangedShare)} of it) changed, as ${why}?`,
    'instruction-following',
    { kind: 'change-widespread', minChangedShare },
  );
};

const TONE_WORDING: Record<ToneAttribute, Record<ToneDirection, string>> = {
  brightness: { increase: 'brighter overall', decrease: 'darker overall' },
  contrast: { increase: 'higher in contrast', decrease: 'lower in contrast' },
  saturation: {
    increase: 'more saturated, with more vivid colours',
    decrease: 'less saturated, with more muted colours',
  },
  warmth: { increase: 'warmer, with more yellow and orange', decrease: 'cooler, with more blue' },
};

export const toneWording = (attribute: ToneAttribute, direction: ToneDirection) =>
  TONE_WORDING[attribute][direction];

export const tonePrinciple = (tone: NonNullable<InstructionAnalysis['tone']>): Principle => {
  const minDelta = Math.min(1, TONE_MIN_DELTA[tone.attribute] * STRENGTH_FACTOR[tone.strength]);
  return withCheck(
    `Is the image noticeably ${toneWording(tone.attribute, tone.direction)} than the source?`,
    'instruction-following',
    {
      kind: 'tone',
      attribute: tone.attribute,
      direction: tone.direction,
      minDelta,
    },
  );
};

export const grayscalePrinciple = (): Principle =>
  withCheck('Is the image now black and white, with (almost) no colour left?', 'instruction-following', {
    kind: 'grayscale',
  });

export const textPresentPrinciple = (text: string): Principle =>
  withCheck(`Can the text "${text}" be read in the edited image?`, 'instruction-following', {
    kind: 'text-present',
    text,
  });

export const textAbsentPrinciple = (text: string): Principle =>
  withCheck(
    `Is the old text "${text}" gone, so that it can no longer be read anywhere in the image?`,
    'instruction-following',
    {
      kind: 'text-absent',
      text,
    },
  );

export const sameAspectPrinciple = (): Principle =>
  withCheck(
    "Does the edited image keep the source's aspect ratio (not cropped, padded or stretched to another shape)?",
    'feature-preservation',
    { kind: 'same-aspect', tolerance: ASPECT_TOLERANCE },
  );

/**
 * The three image-quality principles: the edit's own artefact question, then the border and
 * oversaturation checks. Where the instruction asks for a border or for more saturation that check
 * would punish the request, so a question with no check takes its place.
 */
export function qualityPrinciples(analysis: InstructionAnalysis, artefactQuestion: string): Principle[] {
  const border = asksForBorder(analysis.instruction)
    ? {
        question: 'Is the image sharp, without blur or over-sharpened halos?',
        category: 'image-quality' as const,
      }
    : withCheck('Is the image free of an added border or flat band along its edges?', 'image-quality', {
        kind: 'no-border',
      });
  const wantsSaturation = analysis.tone?.attribute === 'saturation' && analysis.tone.direction === 'increase';
  const saturation = wantsSaturation
    ? {
        question: 'Do skin tones and familiar colours (sky, foliage) still look plausible?',
        category: 'image-quality' as const,
      }
    : withCheck(
        'Are the colours free of oversaturation, with no large areas of clipped, neon-like colour?',
        'image-quality',
        {
          kind: 'not-oversaturated',
          maxClippedShare: MAX_CLIPPED_SHARE,
        },
      );
  return [{ question: artefactQuestion, category: 'image-quality' }, border, saturation];
}

import type { Category, Check, ObjectAspect, ObjectRef, Principle, Rng } from '../../core/index.js';
import { sampleWithoutReplacement } from '../../core/index.js';

const make =
  (category: Category) =>
  (question: string, check: Check): Principle => ({ question, category, check });
/** An instruction-following principle. */
export const follow = make('instruction-following');
/** A feature-preservation principle. */
export const keep = make('feature-preservation');
/** An image-quality principle. */
export const quality = make('image-quality');

export const ALL_ASPECTS: ObjectAspect[] = ['shape', 'color', 'pattern', 'position', 'size'];

/** "Are the other objects unchanged ...?" in its three usual cuts: everything, looks, layout. */
export function keptObjects(except: ObjectRef[], others: string): Principle[] {
  return [
    keep(`Are ${others} still there and unchanged in shape, colour, pattern, place and size?`, {
      kind: 'objects-kept',
      except,
      aspects: ALL_ASPECTS,
    }),
    keep(`Do ${others} keep their own shapes, colours and patterns?`, {
      kind: 'objects-kept',
      except,
      aspects: ['shape', 'color', 'pattern'],
    }),
    keep(`Do ${others} stay where they were, at the same size?`, {
      kind: 'objects-kept',
      except,
      aspects: ['position', 'size'],
    }),
  ];
}

export const backgroundKept = (): Principle =>
  keep('Does the background keep its colour and texture?', { kind: 'background-kept' });

export const signKept = (hasSign: boolean): Principle =>
  keep(
    hasSign
      ? 'Is the sign unchanged, with the same text in the same place?'
      : 'Is the picture still free of any sign or lettering?',
    { kind: 'sign-kept' },
  );

export type QualityKind =
  'no-border' | 'no-artifacts' | 'no-color-cast' | 'not-oversaturated' | 'same-aspect';

const QUALITY: Record<QualityKind, Principle> = {
  'no-border': quality('Is the picture free of any added border or frame?', { kind: 'no-border' }),
  'no-artifacts': quality('Is the image free of blur, noise and blocky compression artefacts?', {
    kind: 'no-artifacts',
  }),
  'no-color-cast': quality('Is the image free of a colour cast, with untouched areas keeping their hues?', {
    kind: 'no-color-cast',
  }),
  'not-oversaturated': quality('Do the colours look natural rather than oversaturated?', {
    kind: 'not-oversaturated',
    maxClippedShare: 0.05,
  }),
  'same-aspect': quality('Does the picture keep the original proportions, without cropping or stretching?', {
    kind: 'same-aspect',
    tolerance: 0.02,
  }),
};

/** The quality questions that fit an edit: all of them, less those the edit itself would trip. */
export function qualityPrinciples(omit: readonly QualityKind[] = []): Principle[] {
  return (Object.keys(QUALITY) as QualityKind[]).filter((k) => !omit.includes(k)).map((k) => QUALITY[k]);
}

/** Whether a preservation point is always kept: an over-edit most often repaints the background. */
const alwaysKept = (p: Principle) => p.check?.kind === 'background-kept';

/**
 * Exactly ten principles in the paper's proportions: 3-4 following, 3-4 preservation, 2-3 quality.
 * Each list's first entry is its core point and is always kept, as is a background-kept point; the
 * others are sampled (kept in their listed order), and the split is drawn among those the lists can fill.
 */
export function assemblePrinciples(
  following: Principle[],
  preservation: Principle[],
  qualityList: Principle[],
  rng: Rng,
): Principle[] {
  const splits: Array<[number, number, number]> = [
    [4, 3, 3],
    [4, 4, 2],
    [3, 4, 3],
  ];
  const fits = splits.filter(
    ([f, k, q]) => f <= following.length && k <= preservation.length && q <= qualityList.length,
  );
  if (fits.length === 0) {
    throw new RangeError(
      `cannot make 10 principles from ${following.length}/${preservation.length}/${qualityList.length}`,
    );
  }
  const [f, k, q] = fits[rng.int(0, fits.length - 1)]!;
  const take = (list: Principle[], n: number): Principle[] => {
    const fixed = list.flatMap((p, i) => (i === 0 || alwaysKept(p) ? [i] : []));
    const optional = list.flatMap((p, i) => (i === 0 || alwaysKept(p) ? [] : [i]));
    const chosen = [...fixed, ...sampleWithoutReplacement(optional, n - fixed.length, rng)];
    return chosen.sort((a, b) => a - b).map((i) => list[i]!);
  };
  return [...take(following, f), ...take(preservation, k), ...take(qualityList, q)];
}

import { z } from 'zod';

/**
 * A machine-checkable form of a principle. The rule decomposer attaches one where the question can be
 * answered from pixels or OCR alone; the embedded judge evaluates it; a VLM judge ignores it.
 * Thresholds are fractions of the image (0-1) or of the 8-bit range (0-1), never pixels, so a check
 * means the same at every resolution.
 */
export const CheckSchema = z.discriminatedUnion('kind', [
  /** The edited image differs visibly from the source (it is not a near-copy). */
  z.object({ kind: z.literal('changed') }),
  /** The change is local: at most this share of the image changed (the rest is preserved). */
  z.object({ kind: z.literal('change-localized'), maxChangedShare: z.number().gt(0).lte(1) }),
  /** The change is broad: at least this share of the image changed (style, background, global tone). */
  z.object({ kind: z.literal('change-widespread'), minChangedShare: z.number().gt(0).lte(1) }),
  /** A global tone attribute moved in a direction by at least minDelta (0-1 scale of that attribute). */
  z.object({
    kind: z.literal('tone'),
    attribute: z.enum(['brightness', 'contrast', 'saturation', 'warmth']),
    direction: z.enum(['increase', 'decrease']),
    minDelta: z.number().gt(0).lte(1),
  }),
  /** The edited image is (nearly) without colour: black and white, greyscale. */
  z.object({ kind: z.literal('grayscale') }),
  /** This text can be read in the edited image. */
  z.object({ kind: z.literal('text-present'), text: z.string().min(1) }),
  /** This text can no longer be read in the edited image. */
  z.object({ kind: z.literal('text-absent'), text: z.string().min(1) }),
  /** The edited image has no added white or flat border. */
  z.object({ kind: z.literal('no-border') }),
  /** The edited image keeps the source's aspect ratio (no crop, pad or stretch to another frame). */
  z.object({ kind: z.literal('same-aspect'), tolerance: z.number().gt(0).lt(1) }),
  /** The edited image is not oversaturated: at most this share of pixels sit at clipped, maximal saturation. */
  z.object({ kind: z.literal('not-oversaturated'), maxClippedShare: z.number().gt(0).lte(1) }),
]);
export type Check = z.infer<typeof CheckSchema>;
export type CheckKind = Check['kind'];

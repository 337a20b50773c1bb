import { z } from 'zod';
import { BACKGROUND_COLOR_NAMES, ObjectRefSchema, type BackgroundColorName } from './scene.js';

const BACKGROUND = z.enum(BACKGROUND_COLOR_NAMES as [BackgroundColorName, ...BackgroundColorName[]]);
/** What "kept" compares for an object: a tone edit keeps shapes and places but not exact colours. */
export const OBJECT_ASPECTS = ['shape', 'color', 'pattern', 'position', 'size'] as const;
export type ObjectAspect = (typeof OBJECT_ASPECTS)[number];

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
  // Scene checks: about the objects of a flat-object scene (core/scene.ts), read from pixels by the
  // embedded judge's scene parser. Objects are named by reference ("the red circle"), never by id.
  /** The object `target` names in the source now has these attributes (recolour, re-pattern, replace). */
  z.object({ kind: z.literal('object-becomes'), target: ObjectRefSchema, becomes: ObjectRefSchema }),
  /** At least one object the reference names is in the edited image. */
  z.object({ kind: z.literal('object-present'), target: ObjectRefSchema }),
  /** No object the reference names is left in the edited image (a removal is complete). */
  z.object({ kind: z.literal('object-absent'), target: ObjectRefSchema }),
  /** Exactly this many objects the reference names are in the edited image. */
  z.object({ kind: z.literal('object-count'), target: ObjectRefSchema, count: z.int().min(0).max(8) }),
  /** The object moved this way by at least minShift of the image's side (under 0.1 is not a move). */
  z.object({
    kind: z.literal('object-moved'),
    target: ObjectRefSchema,
    direction: z.enum(['left', 'right', 'up', 'down']),
    minShift: z.number().gt(0).lte(1),
  }),
  /** The object's linear size changed this way by at least a factor of minRatio (> 1). */
  z.object({
    kind: z.literal('object-resized'),
    target: ObjectRefSchema,
    direction: z.enum(['larger', 'smaller']),
    minRatio: z.number().gt(1),
  }),
  /**
   * Every source object none of `except` names is still there with these aspects unchanged (position
   * within 5% of the side, size within 20%), and no object appeared that none of `except` names.
   */
  z.object({
    kind: z.literal('objects-kept'),
    except: z.array(ObjectRefSchema),
    aspects: z.array(z.enum(OBJECT_ASPECTS)).min(1),
  }),
  /** The background is now this colour. */
  z.object({ kind: z.literal('background-color'), color: BACKGROUND }),
  /** The background keeps the source's colour and texture. */
  z.object({ kind: z.literal('background-kept') }),
  /** The sign reads exactly this text. */
  z.object({ kind: z.literal('sign-text'), text: z.string().regex(/^[A-Z0-9]{1,8}$/) }),
  /** The sign (or its absence) is as in the source: same text, same place. */
  z.object({ kind: z.literal('sign-kept') }),
  /** No blur, noise or block artefacts beyond the source's own (compared with the source). */
  z.object({ kind: z.literal('no-artifacts') }),
  /** No colour cast: what the edit was not asked to change keeps its hue and white balance. */
  z.object({ kind: z.literal('no-color-cast') }),
]);
export type Check = z.infer<typeof CheckSchema>;
export type CheckKind = Check['kind'];

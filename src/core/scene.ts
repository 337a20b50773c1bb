import { z } from 'zod';

/**
 * The vocabulary of flat-object scenes (EditWorld's, and any picture of plain shapes on a plain or
 * lightly textured ground): what the world renders, what scene checks name, and what the embedded
 * judge's scene parser reads back from pixels. One list, so a colour the renderer paints is a colour
 * the parser can name.
 */
export const SHAPES = ['circle', 'square', 'triangle', 'diamond', 'hexagon', 'star', 'cross'] as const;
export type ShapeName = (typeof SHAPES)[number];

/** Object colours, sRGB. Far apart in hue or lightness so a mild blur, cast or JPEG keeps them apart. */
export const OBJECT_COLORS = {
  red: [215, 38, 38],
  orange: [245, 135, 20],
  yellow: [240, 205, 30],
  green: [40, 150, 60],
  blue: [35, 85, 215],
  purple: [130, 55, 180],
  pink: [240, 120, 185],
  brown: [120, 72, 35],
  black: [28, 28, 28],
  gray: [125, 125, 125],
} as const satisfies Record<string, readonly [number, number, number]>;
export type ObjectColorName = keyof typeof OBJECT_COLORS;
export const OBJECT_COLOR_NAMES = Object.keys(OBJECT_COLORS) as ObjectColorName[];

/** Background colours: light, so every object colour stands out on every one of them. */
export const BACKGROUND_COLORS = {
  // Not white: a white border must stand out from every ground (images/border.ts tolerance 16).
  pearl: [232, 232, 226],
  cream: [244, 236, 212],
  sky: [200, 225, 245],
  mint: [205, 240, 215],
  sand: [230, 215, 185],
  lavender: [225, 215, 245],
  peach: [250, 218, 200],
} as const satisfies Record<string, readonly [number, number, number]>;
export type BackgroundColorName = keyof typeof BACKGROUND_COLORS;
export const BACKGROUND_COLOR_NAMES = Object.keys(BACKGROUND_COLORS) as BackgroundColorName[];

/** Background texture: flat, a gentle vertical gradient (+-6% lightness), or fine grain (+-4 levels). */
export const TEXTURES = ['plain', 'gradient', 'grain'] as const;
export type TextureName = (typeof TEXTURES)[number];

/**
 * Surface pattern of an object (its "material"): drawn in the object's colour at 55% of its
 * lightness over the base colour, so the base colour stays the majority of the object's pixels.
 */
export const PATTERNS = ['solid', 'striped', 'dotted', 'checkered'] as const;
export type PatternName = (typeof PATTERNS)[number];

const unit = z.number().min(0).max(1);

export const SceneObjectSchema = z.object({
  /** Stable within one world: an edit that recolours an object keeps its id. */
  id: z.string().min(1),
  shape: z.enum(SHAPES),
  color: z.enum(OBJECT_COLOR_NAMES as [ObjectColorName, ...ObjectColorName[]]),
  pattern: z.enum(PATTERNS),
  /** Centre, as a fraction of width (x) and height (y), origin top-left. */
  x: unit,
  y: unit,
  /** Half the object's extent (circumradius) as a fraction of the image's shorter side. */
  size: z.number().gt(0).lte(0.5),
});
export type SceneObject = z.infer<typeof SceneObjectSchema>;

/** A sign: a white plate with a dark border and dark capital letters or digits (images/bitmap-font). */
export const SignSchema = z.object({
  text: z.string().regex(/^[A-Z0-9]{1,8}$/, 'sign text is 1-8 capital letters or digits'),
  x: unit,
  y: unit,
  /** Plate height as a fraction of the image's shorter side. */
  height: z.number().gt(0).lte(0.5),
});
export type Sign = z.infer<typeof SignSchema>;

/**
 * A global tone adjustment applied after painting, each in -1..1 (0 = none): brightness adds up to
 * +-0.5 of the 8-bit range, warmth shifts red up and blue down by up to 0.25 of it, saturation
 * scales chroma by 1 + saturation.
 */
export const ToneSchema = z.object({
  brightness: z.number().min(-1).max(1),
  warmth: z.number().min(-1).max(1),
  saturation: z.number().min(-1).max(1),
});
export type Tone = z.infer<typeof ToneSchema>;
export const NEUTRAL_TONE: Tone = { brightness: 0, warmth: 0, saturation: 0 };

export const SceneGraphSchema = z.object({
  background: z.object({
    color: z.enum(BACKGROUND_COLOR_NAMES as [BackgroundColorName, ...BackgroundColorName[]]),
    texture: z.enum(TEXTURES),
  }),
  /** Painted in order: later objects cover earlier ones where they overlap. */
  objects: z.array(SceneObjectSchema).max(8),
  sign: SignSchema.nullable(),
  tone: ToneSchema,
});
export type SceneGraph = z.infer<typeof SceneGraphSchema>;

/**
 * How a principle names an object: by what the instruction says ("the red circle"), never by id,
 * since a judge sees pixels. At least one attribute; an object matches when every given one agrees.
 */
export const ObjectRefSchema = z
  .object({
    shape: z.enum(SHAPES).optional(),
    color: z.enum(OBJECT_COLOR_NAMES as [ObjectColorName, ...ObjectColorName[]]).optional(),
    pattern: z.enum(PATTERNS).optional(),
  })
  .strict()
  .refine((ref) => ref.shape ?? ref.color ?? ref.pattern, 'name at least one of shape, color, pattern');
export type ObjectRef = z.infer<typeof ObjectRefSchema>;

/** Whether an object (true or parsed) is the one a reference names. */
export function matchesRef(
  object: Pick<SceneObject, 'shape' | 'color' | 'pattern'>,
  ref: ObjectRef,
): boolean {
  return (
    (ref.shape === undefined || ref.shape === object.shape) &&
    (ref.color === undefined || ref.color === object.color) &&
    (ref.pattern === undefined || ref.pattern === object.pattern)
  );
}

/** "the red circle", "the striped square", "the green object": how instructions and questions say it. */
export function describeRef(ref: ObjectRef): string {
  const words = [ref.pattern, ref.color, ref.shape ?? 'object'].filter((w) => w !== undefined);
  return words.join(' ');
}

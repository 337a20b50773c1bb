import {
  BACKGROUND_COLOR_NAMES,
  NEUTRAL_TONE,
  OBJECT_COLOR_NAMES,
  PATTERNS,
  SHAPES,
  TEXTURES,
  UsageError,
  sampleWithoutReplacement,
  type ObjectColorName,
  type Rng,
  type SceneGraph,
  type SceneObject,
  type ShapeName,
  type Sign,
  type TextureName,
} from '../core/index.js';
import { GLYPH_CHARS } from '../images/index.js';
import { PLACEMENT, findFreeSpot, round4 } from './find-free-spot.js';
import { between, pick } from './random-pick.js';
import { signPlateBox } from './sign-plate-box.js';

export interface SceneOptions {
  minObjects: number;
  maxObjects: number;
  /** Chance that the scene has a sign. */
  signShare: number;
  /** Relative weight of each background texture. */
  textureShare: Record<TextureName, number>;
}

export const DEFAULT_SCENE_OPTIONS: SceneOptions = {
  minObjects: 1,
  maxObjects: 5,
  signShare: 0.35,
  textureShare: { plain: 0.5, gradient: 0.3, grain: 0.2 },
};

const SIZE_RANGE = [0.07, 0.15] as const;
const SIGN_HEIGHT_RANGE = [0.1, 0.13] as const;
const SIGN_LENGTH_RANGE = [2, 5] as const;
const SOLID_SHARE = 0.6;
/** A drawn object count that does not fit is drawn again (a new scene), at most this many times. */
const SCENE_TRIES = 50;
/** The schema's limit on objects per scene. */
const MAX_OBJECTS = 8;

const PAIRS: ReadonlyArray<readonly [ShapeName, ObjectColorName]> = SHAPES.flatMap((shape) =>
  OBJECT_COLOR_NAMES.map((color) => [shape, color] as const),
);

function resolveOptions(options: Partial<SceneOptions>): SceneOptions {
  const o = { ...DEFAULT_SCENE_OPTIONS, ...options };
  const { minObjects, maxObjects, signShare, textureShare } = o;
  if (!Number.isInteger(minObjects) || !Number.isInteger(maxObjects) || minObjects < 0) {
    throw new UsageError(
      `minObjects and maxObjects must be whole numbers >= 0; got ${minObjects}, ${maxObjects}`,
    );
  }
  if (maxObjects < minObjects || maxObjects > MAX_OBJECTS) {
    throw new UsageError(
      `maxObjects must be between minObjects (${minObjects}) and ${MAX_OBJECTS}; got ${maxObjects}`,
    );
  }
  if (!(signShare >= 0 && signShare <= 1))
    throw new UsageError(`signShare must be in 0..1; got ${signShare}`);
  const weights = TEXTURES.map((t) => textureShare[t]);
  if (weights.some((w) => !(w >= 0)) || weights.reduce((a, b) => a + b, 0) <= 0) {
    throw new UsageError(
      `textureShare needs a weight >= 0 for each of ${TEXTURES.join(', ')}, not all 0; got ${JSON.stringify(textureShare)}`,
    );
  }
  return o;
}

function weightedTexture(share: Record<TextureName, number>, rng: Rng): TextureName {
  const total = TEXTURES.reduce((sum, t) => sum + share[t], 0);
  let u = rng.next() * total;
  for (const t of TEXTURES) {
    u -= share[t];
    if (u < 0) return t;
  }
  return TEXTURES.findLast((t) => share[t] > 0)!;
}

/** A value drawn in [lo, hi], rounded to 4 decimals without leaving the interval. */
function drawWithin(lo: number, hi: number, rng: Rng): number {
  const value = round4(lo + (hi - lo) * rng.next());
  return Math.min(Math.max(value, Math.ceil(lo * 1e4) / 1e4), Math.floor(hi * 1e4) / 1e4);
}

/** A sign placed first, on the empty frame, inside the margin; objects are then placed around it. */
function randomSign(rng: Rng): Sign {
  const length = rng.int(...SIGN_LENGTH_RANGE);
  const text = Array.from({ length }, () => GLYPH_CHARS[rng.int(0, GLYPH_CHARS.length - 1)]!).join('');
  const height = between(...SIGN_HEIGHT_RANGE, rng);
  const plate = signPlateBox({ text, height, x: 0.5, y: 0.5 }, 1);
  const halfW = (plate.x1 - plate.x0) / 2 + PLACEMENT.edgeMargin;
  const halfH = height / 2 + PLACEMENT.edgeMargin;
  return { text, height, x: drawWithin(halfW, 1 - halfW, rng), y: drawWithin(halfH, 1 - halfH, rng) };
}

function tryScene(rng: Rng, o: SceneOptions): SceneGraph | null {
  const scene: SceneGraph = {
    background: { color: pick(BACKGROUND_COLOR_NAMES, rng), texture: weightedTexture(o.textureShare, rng) },
    objects: [],
    sign: null,
    tone: { ...NEUTRAL_TONE },
  };
  const count = rng.int(o.minObjects, o.maxObjects);
  if (rng.next() < o.signShare) scene.sign = randomSign(rng);
  for (const [i, [shape, color]] of sampleWithoutReplacement(PAIRS, count, rng).entries()) {
    const pattern = rng.next() < SOLID_SHARE ? 'solid' : pick(PATTERNS.slice(1), rng);
    const size = between(...SIZE_RANGE, rng);
    const spot = findFreeSpot(scene, size, rng);
    if (!spot) return null;
    const object: SceneObject = { id: `o${i + 1}`, shape, color, pattern, ...spot, size };
    scene.objects.push(object);
  }
  return scene;
}

/**
 * A random scene: a background, 1-5 objects (no two of the same shape and colour, so "the red
 * circle" names one), none overlapping, and sometimes a sign. Same rng state, same scene.
 */
export function generateScene(rng: Rng, options: Partial<SceneOptions> = {}): SceneGraph {
  const o = resolveOptions(options);
  for (let i = 0; i < SCENE_TRIES; i++) {
    const scene = tryScene(rng, o);
    if (scene) return scene;
  }
  throw new UsageError(
    `could not place ${o.maxObjects} non-overlapping objects in ${SCENE_TRIES} tries; lower maxObjects`,
  );
}

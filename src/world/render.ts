/**
 * EditWorld's renderer: a SceneGraph to a square image. The scene parser in rrm/embedded/scene reads
 * these pixels back, so every detail is fixed here (side = the image's side in px; r = size * side).
 *
 * 1. Background: BACKGROUND_COLORS[color]. 'gradient' multiplies RGB by 1.06 on row 0 falling
 *    linearly to 0.94 on row side-1 (rounded, clamped); 'grain' adds grainOffset(x, y), a fixed
 *    integer hash in -4..4, to all three channels (texture.ts).
 * 2. Objects, in array order, over the background (the texture is the background's alone; objects
 *    and sign are flat). Objects and sign are rasterised together (librsvg via sharp, anti-aliased)
 *    on a transparent layer, laid over the background as round((layer * a + background * (255 - a))
 *    / 255) per channel, a = the layer's alpha. Each object: shapeOutline(shape) scaled by r, centred
 *    at (x*side, y*side), filled with OBJECT_COLORS[color]. Pattern ink = round(0.55 * each channel),
 *    clipped to the outline and anchored at the centre (cx, cy): striped = rows y in
 *    [cy + k*0.5r, cy + k*0.5r + 0.25r) for every integer k (the row just below the centre is ink);
 *    dotted = discs of radius 0.12r at (cx + i*0.45r, cy + j*0.45r) (one on the centre); checkered =
 *    squares [cx + i*0.35r, +0.35r) x [cy + j*0.35r, +0.35r), inked when i + j is even (the square
 *    below-right of the centre is ink).
 * 3. Sign, painted after all objects: the plate is signPlateBox (centred at (x*side, y*side), height
 *    h = height*side, cell = h / 11, width = cell * (6n + 3) for n characters). The whole box is
 *    #202020, the box inset by 0.06h is #FAFAFA (so the border lies inside the box), and glyph i's
 *    cell (col, row) is a #1E1E1E square of side `cell` with top-left corner
 *    (x0 + cell*(2 + 6i + col), y0 + cell*(2 + row)). Nothing is snapped to the pixel grid.
 * 4. Tone (apply-tone.ts): per pixel in floating point, + b*127.5 to all channels, + w*63.75 to R and
 *    - w*63.75 to B, then each channel = luma + (channel - luma) * (1 + s) with luma = 0.299R +
 *    0.587G + 0.114B of the shifted pixel; clamp to 0..255 and round once.
 * 5. Artefacts in the order given (apply-artifacts.ts): blur = sharp's Gaussian, sigma*side px (at
 *    least 0.3); noise = N(0, (amount*255)^2) on each channel from a counter hash seeded by FNV-1a
 *    of the validated scene's JSON (gaussian-noise.ts); jpeg = encode at `quality` (a JPEG quality, 1..100,
 *    sharp's default 4:2:0) and decode; color-cast = + rgb[i]*255 to channel i; oversaturate =
 *    chroma scaled by `factor` as in tone; white-border = the picture resized (sharp, lanczos3) into
 *    the inner area and framed in (255, 255, 255) round(width*side) px wide on every side. Each
 *    clamps and rounds. Accepted ranges (else UsageError): sigma 0..0.5, amount 0..1, quality
 *    1..100, rgb -1..1, factor 0..10, width 0..0.45.
 * Encoding: PNG with compressionLevel 6 and adaptive filtering off; 'jpeg' is quality 92, 4:4:4.
 */
import sharp from 'sharp';
import { SceneGraphSchema, UsageError, type SceneGraph } from '../core/index.js';
import type { Raster } from '../images/index.js';
import { applyArtifacts } from './apply-artifacts.js';
import { applyTone } from './apply-tone.js';
import { paintSvg } from './paint-svg.js';
import { paintBackground } from './texture.js';
import type { Artifact } from './types.js';

export const MIN_RENDER_SIZE = 64;
export const MAX_RENDER_SIZE = 1024;
const JPEG_QUALITY = 92;

export interface RenderOptions {
  /** The side in px, a whole number in 64..1024. */
  size: number;
  artifacts?: Artifact[];
}

/** FNV-1a over the UTF-16 code units: the seed of a scene's noise, so the same scene gets the same noise. */
function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

function validScene(scene: SceneGraph, size: number): SceneGraph {
  if (!Number.isInteger(size) || size < MIN_RENDER_SIZE || size > MAX_RENDER_SIZE) {
    throw new UsageError(
      `render size must be a whole number of px from ${MIN_RENDER_SIZE} to ${MAX_RENDER_SIZE}; got ${size}`,
    );
  }
  const parsed = SceneGraphSchema.safeParse(scene);
  if (!parsed.success) {
    throw new UsageError(
      `not a valid scene graph: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return parsed.data;
}

/** The scene's pixels as raw 8-bit RGB, artefacts applied: exactly what renderScene encodes. */
export async function renderRaw(scene: SceneGraph, options: RenderOptions): Promise<Raster> {
  const { size, artifacts = [] } = options;
  const valid = validScene(scene, size);
  const data = paintBackground(valid.background, size);
  if (valid.objects.length > 0 || valid.sign) {
    const layer = await sharp(Buffer.from(paintSvg(valid, size)))
      .ensureAlpha()
      .raw()
      .toBuffer();
    for (let i = 0, p = 0; p < data.length; i += 4, p += 3) {
      const a = layer[i + 3]!;
      if (a === 0) continue;
      for (let c = 0; c < 3; c++)
        data[p + c] = Math.round((layer[i + c]! * a + data[p + c]! * (255 - a)) / 255);
    }
  }
  applyTone(data, valid.tone);
  // Parsed by the schema, so the key order (and the seed) does not depend on how the caller built it.
  return applyArtifacts({ width: size, height: size, data }, artifacts, hashText(JSON.stringify(valid)));
}

/** The scene as a size x size PNG (default) or JPEG; identical input gives identical bytes. */
export async function renderScene(
  scene: SceneGraph,
  options: RenderOptions & { format?: 'png' | 'jpeg' },
): Promise<Buffer> {
  // Checked before painting: a bad format should not cost a render.
  if (options.format !== undefined && options.format !== 'png' && options.format !== 'jpeg') {
    throw new UsageError(`render format must be 'png' or 'jpeg'; got ${JSON.stringify(options.format)}`);
  }
  const { width, height, data } = await renderRaw(scene, options);
  const image = sharp(data, { raw: { width, height, channels: 3 } });
  if (options.format === 'jpeg')
    return image.jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4' }).toBuffer();
  return image.png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
}

import sharp, { type Sharp } from 'sharp';
import { UsageError } from '../core/index.js';
import type { Raster } from '../images/index.js';
import { addCast, scaleChroma } from './apply-tone.js';
import { addGaussianNoise } from './gaussian-noise.js';
import type { Artifact, ArtifactKind } from './types.js';

/** sharp's smallest Gaussian sigma, in pixels: a weaker blur is raised to it. */
const MIN_BLUR_PX = 0.3;

type Apply<K extends ArtifactKind> = (
  image: Raster,
  artifact: Extract<Artifact, { kind: K }>,
  seed: number,
) => Raster | Promise<Raster>;

function bad(artifact: Artifact, what: string): never {
  throw new UsageError(`artifact ${JSON.stringify(artifact)}: ${what}`);
}

function viaSharp({ width, height, data }: Raster): Sharp {
  return sharp(data, { raw: { width, height, channels: 3 } });
}

async function toRaster(pipeline: Sharp): Promise<Raster> {
  const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

const side = ({ width, height }: Raster): number => Math.min(width, height);

/** The image inside a pure white frame w px wide on all four sides. */
function framed(inner: Raster, w: number): Raster {
  const width = inner.width + 2 * w;
  const data = new Uint8Array(width * (inner.height + 2 * w) * 3).fill(255);
  const row = inner.width * 3;
  for (let y = 0; y < inner.height; y++) {
    data.set(inner.data.subarray(y * row, (y + 1) * row), ((y + w) * width + w) * 3);
  }
  return { width, height: inner.height + 2 * w, data };
}

/** What each artefact does to the pixels; every row checks its own parameters. */
const ARTIFACTS: { [K in ArtifactKind]: Apply<K> } = {
  blur: (image, a) => {
    if (!(a.sigma >= 0 && a.sigma <= 0.5)) bad(a, 'sigma is a fraction of the side in 0..0.5');
    return toRaster(viaSharp(image).blur(Math.max(MIN_BLUR_PX, a.sigma * side(image))));
  },
  noise: (image, a, seed) => {
    if (!(a.amount >= 0 && a.amount <= 1)) bad(a, 'amount is the noise std as a share of 255, in 0..1');
    return addGaussianNoise(image, a.amount * 255, seed);
  },
  jpeg: async (image, a) => {
    if (!Number.isInteger(a.quality) || a.quality < 1 || a.quality > 100) {
      bad(a, 'quality is a JPEG quality, a whole number 1..100');
    }
    return toRaster(sharp(await viaSharp(image).jpeg({ quality: a.quality }).toBuffer()));
  },
  'color-cast': (image, a) => {
    if (a.rgb.length !== 3 || !a.rgb.every((c) => c >= -1 && c <= 1)) bad(a, 'rgb is three shifts in -1..1');
    const data = new Uint8Array(image.data);
    addCast(data, a.rgb);
    return { ...image, data };
  },
  oversaturate: (image, a) => {
    if (!(a.factor >= 0 && a.factor <= 10)) bad(a, 'factor scales chroma, in 0..10');
    const data = new Uint8Array(image.data);
    scaleChroma(data, a.factor);
    return { ...image, data };
  },
  'white-border': async (image, a) => {
    if (!(a.width >= 0 && a.width <= 0.45)) bad(a, 'width is a fraction of the side in 0..0.45');
    const w = Math.round(a.width * side(image));
    if (w === 0) return image;
    const inner = await toRaster(
      viaSharp(image).resize(image.width - 2 * w, image.height - 2 * w, { fit: 'fill' }),
    );
    return framed(inner, w);
  },
};

/** The artefacts in the order given, each on the previous one's output; the input is not changed. */
export async function applyArtifacts(
  image: Raster,
  artifacts: readonly Artifact[],
  seed: number,
): Promise<Raster> {
  let out = image;
  for (const artifact of artifacts) {
    const apply = ARTIFACTS[artifact.kind] as Apply<ArtifactKind> | undefined;
    if (!apply) {
      throw new UsageError(
        `unknown artifact kind ${JSON.stringify(artifact.kind)}; use one of ${Object.keys(ARTIFACTS).join(', ')}`,
      );
    }
    out = await apply(out, artifact as never, seed);
  }
  return out;
}

import sharp from 'sharp';
import type { Sharp } from 'sharp';
import { createRng } from '../core/index.js';

/**
 * For tests: a deterministic RGB image with what makes photos behave as photos under JPEG and
 * resampling (smooth shading, hard-edged shapes, fine texture), so no binary fixture is needed.
 */
export function photoLike(width: number, height: number, seed = 1): Buffer {
  const rng = createRng(seed);
  const data = Buffer.alloc(width * height * 3);
  const shapes = Array.from({ length: 12 }, () => ({
    cx: rng.next() * width,
    cy: rng.next() * height,
    r: (0.05 + rng.next() * 0.15) * Math.min(width, height),
    colour: [rng.int(0, 255), rng.int(0, 255), rng.int(0, 255)] as const,
  }));
  const phase = rng.next() * Math.PI * 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      let rgb = [90 + 100 * u, 110 + 60 * Math.sin(3 * v + phase), 150 - 90 * v];
      for (const s of shapes) {
        if ((x - s.cx) ** 2 + (y - s.cy) ** 2 < s.r * s.r) rgb = [...s.colour];
      }
      const texture =
        14 * Math.sin(x * 0.9 + Math.sin(y * 0.3) * 2) * Math.cos(y * 0.7) + (rng.next() - 0.5) * 10;
      const p = (y * width + x) * 3;
      for (let c = 0; c < 3; c++) data[p + c] = Math.max(0, Math.min(255, Math.round(rgb[c]! + texture)));
    }
  }
  return data;
}

/** A sharp pipeline over photoLike pixels. */
export function photoLikeImage(width: number, height: number, seed = 1): Sharp {
  return sharp(photoLike(width, height, seed), { raw: { width, height, channels: 3 } });
}

/**
 * One object's pixels as a 0/1 mask over its box, padded with PAD empty pixels on every side so that
 * neighbour tests up to PAD pixels away need no bounds checks. Pixel (x, y) of the image is at
 * data[(y - y0 + PAD) * stride + (x - x0 + PAD)].
 */
export interface ObjectMask {
  data: Uint8Array;
  x0: number;
  y0: number;
  /** Box size in pixels (unpadded). */
  width: number;
  height: number;
  /** width + 2 * PAD. */
  stride: number;
}

export const PAD = 12;

/** An empty mask for the box, in `buffer` when it is large enough (parsing reuses one buffer). */
export function emptyMask(
  box: { x0: number; y0: number; x1: number; y1: number },
  buffer?: Uint8Array,
): ObjectMask {
  const width = box.x1 - box.x0;
  const height = box.y1 - box.y0;
  const stride = width + 2 * PAD;
  const size = stride * (height + 2 * PAD);
  const data = buffer && buffer.length >= size ? buffer.subarray(0, size).fill(0) : new Uint8Array(size);
  return { data, x0: box.x0, y0: box.y0, width, height, stride };
}

/** Index of image pixel (x, y) in the mask (it must lie within PAD of the box). */
export const maskIndex = (m: ObjectMask, x: number, y: number): number =>
  (y - m.y0 + PAD) * m.stride + (x - m.x0 + PAD);

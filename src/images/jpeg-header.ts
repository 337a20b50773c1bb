import type { Metadata } from 'sharp';

/** What loading an image reads from its header (the fields of sharp's metadata it uses). */
export type ImageHeader = Pick<
  Metadata,
  | 'format'
  | 'width'
  | 'height'
  | 'depth'
  | 'space'
  | 'hasAlpha'
  | 'orientation'
  | 'pages'
  | 'autoOrient'
  | 'compression'
>;

/** Frame markers of the sequential and progressive Huffman-coded JPEGs (what cameras and editors write). */
const HUFFMAN_FRAMES = new Set([0xc0, 0xc1, 0xc2]);
const START_OF_SCAN = 0xda;
const APP1 = 0xe1;
const APP14 = 0xee;
const EXIF_ID = Buffer.from('Exif\0\0', 'latin1');
const ORIENTATION_TAG = 0x0112;
const SHORT = 3;

/**
 * The EXIF orientation in an APP1 payload (from its "Exif\0\0"): 1-8, undefined when the IFD has no
 * orientation tag, or null when the TIFF structure is anything but plain (left to sharp).
 */
function exifOrientation(segment: Buffer): number | undefined | null {
  const tiff = segment.subarray(EXIF_ID.length);
  if (tiff.length < 8) return null;
  const order = tiff.toString('latin1', 0, 2);
  if (order !== 'II' && order !== 'MM') return null;
  const little = order === 'II';
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) return null;
  const entries = u16(ifd);
  if (ifd + 2 + entries * 12 > tiff.length) return null;
  for (let e = 0; e < entries; e++) {
    const at = ifd + 2 + e * 12;
    if (u16(at) !== ORIENTATION_TAG) continue;
    if (u16(at + 2) !== SHORT || u32(at + 4) !== 1) return null;
    const value = u16(at + 8);
    return value >= 1 && value <= 8 ? value : null;
  }
  return undefined;
}

/**
 * The header of a plain JPEG (8-bit, grey or three-component colour, Huffman-coded, with at most an
 * EXIF orientation), read by walking its segments up to the first scan; null for anything else (CMYK,
 * 12-bit, arithmetic-coded, an Adobe colour transform, an unusual EXIF block, or not a JPEG at all), which
 * sharp then reads. sharp's own header read is a pipeline on the thread pool, about 0.3 ms of CPU and a
 * round trip for each image a reward service loads; this is a few microseconds on the main thread.
 */
export function readJpegHeader(bytes: Buffer): ImageHeader | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let orientation: number | undefined;
  let exifSeen = false;
  let frame: { width: number; height: number; components: number } | undefined;
  let i = 2;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // a fill byte before a marker
      continue;
    }
    if (marker === START_OF_SCAN) return frame ? header(frame, orientation) : null;
    if ((marker >= 0xd0 && marker <= 0xd9) || marker === 0x01) return null;
    const length = bytes.readUInt16BE(i + 2);
    const end = i + 2 + length;
    if (length < 2 || end > bytes.length) return null;
    const segment = bytes.subarray(i + 4, end);
    if (marker === APP14) return null;
    if (marker === APP1 && segment.subarray(0, EXIF_ID.length).equals(EXIF_ID)) {
      // One EXIF block, before the frame header, as cameras and editors write it; any other layout is
      // left to sharp rather than guessing which block it would read.
      if (exifSeen || frame) return null;
      exifSeen = true;
      const found = exifOrientation(segment);
      if (found === null) return null;
      orientation = found;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (frame || !HUFFMAN_FRAMES.has(marker) || segment.length < 6) return null;
      const precision = segment[0]!;
      frame = { height: segment.readUInt16BE(1), width: segment.readUInt16BE(3), components: segment[5]! };
      const { width, height, components } = frame;
      if (precision !== 8 || width === 0 || height === 0 || (components !== 1 && components !== 3))
        return null;
    }
    i = end;
  }
  return null;
}

function header(
  { width, height, components }: { width: number; height: number; components: number },
  orientation: number | undefined,
): ImageHeader {
  const sideways = orientation !== undefined && orientation >= 5;
  const read: ImageHeader = {
    format: 'jpeg',
    width,
    height,
    depth: 'uchar',
    space: components === 3 ? 'srgb' : 'b-w',
    hasAlpha: false,
    autoOrient: sideways ? { width: height, height: width } : { width, height },
  };
  if (orientation !== undefined) read.orientation = orientation;
  return read;
}

const JPEG_EOI = Buffer.from([0xff, 0xd9]);
const PNG_IEND = Buffer.from('IEND', 'latin1');
const GIF_TRAILER = 0x3b;

/** Where the first start-of-scan marker is, walking the JPEG's segments by their lengths; -1 if none. */
function firstScanStart(bytes: Buffer): number {
  let i = 2; // past the start-of-image marker
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return -1;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++; // a fill byte before a marker
    } else if (marker === 0xda) {
      return i;
    } else if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
      i += 2; // markers without a length
    } else {
      i += 2 + bytes.readUInt16BE(i + 2);
    }
  }
  return -1;
}

/**
 * A cheap structural test that an encoded image ends where its format says it ends, so that a
 * truncated file is caught without decoding its pixels. True means complete; false means "cannot tell
 * cheaply" (or plainly truncated): the caller then confirms with a full decode.
 *
 * JPEG: an end-of-image marker after the first start-of-scan. Inside entropy-coded data a 0xFF byte is
 * always stuffed (0xFF00) or a restart marker, so no marker occurs there by chance, and after the first
 * scan starts the only end-of-image marker is the file's own (later scans of a progressive JPEG
 * carry none). The first scan is found by walking the segments from the start, which passes over an
 * EXIF thumbnail's markers inside its APP1 segment without reading the ~200 KB of scan data.
 * PNG: a complete IEND chunk. WebP: the RIFF length fits in the file. GIF: the trailer byte.
 */
export function looksComplete(bytes: Buffer, format: string): boolean {
  switch (format) {
    case 'jpeg': {
      const sos = firstScanStart(bytes);
      return sos >= 0 && bytes.lastIndexOf(JPEG_EOI) > sos;
    }
    case 'png': {
      const iend = bytes.lastIndexOf(PNG_IEND);
      // The chunk type is followed by its 4-byte CRC.
      return iend >= 4 && iend + 8 <= bytes.length;
    }
    case 'webp':
      return bytes.length >= 12 && bytes.readUInt32LE(4) + 8 <= bytes.length;
    case 'gif':
      return bytes[bytes.length - 1] === GIF_TRAILER;
    default:
      return false;
  }
}

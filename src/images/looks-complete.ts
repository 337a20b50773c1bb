const JPEG_SOS = Buffer.from([0xff, 0xda]);
const JPEG_EOI = Buffer.from([0xff, 0xd9]);
const PNG_IEND = Buffer.from('IEND', 'latin1');
const GIF_TRAILER = 0x3b;

/**
 * A cheap structural test that an encoded image ends where its format says it ends, so that a
 * truncated file is caught without decoding its pixels. True means complete; false means "cannot tell
 * cheaply" (or plainly truncated): the caller then confirms with a full decode.
 *
 * JPEG: an end-of-image marker after the last start-of-scan. Inside entropy-coded data a 0xFF byte is
 * always stuffed (0xFF00) or a restart marker, so neither marker can occur there by chance; an EXIF
 * thumbnail's markers sit before the main scan and are passed over by searching from the end.
 * PNG: a complete IEND chunk. WebP: the RIFF length fits in the file. GIF: the trailer byte.
 */
export function looksComplete(bytes: Buffer, format: string): boolean {
  switch (format) {
    case 'jpeg': {
      const sos = bytes.lastIndexOf(JPEG_SOS);
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

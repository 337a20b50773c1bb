import type { ImageUrl } from '../core/index.js';

const QUOTE = 0x22;
/**
 * Bytes encoded per piece: a multiple of 3, so the pieces' base64 joins without padding between them,
 * and small enough that each piece's string (32 KB) stays in V8's young generation; one string for a
 * whole image (~280 KB for a 1024 px JPEG) would be a large object, a memory mapping of its own.
 */
const PIECE_BYTES = 24 * 1024;

/** Standard padded base64 of `bytes` written into `out` from `at`; returns where it ended. */
function writeBase64(bytes: Uint8Array, out: Buffer, at: number): number {
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = at;
  for (let from = 0; from < source.length; from += PIECE_BYTES) {
    const piece = source.toString('base64', from, Math.min(source.length, from + PIECE_BYTES));
    end += out.write(piece, end, 'latin1');
  }
  return end;
}

/**
 * An image's `data:<mime>;base64,...` URL, made from its JSON literal (ImageUrl.urlJson), into which the
 * base64 is written once, piece by piece. The URL string itself is made only if something reads it:
 * request bodies copy the JSON bytes, and on Node 20 making a ~280 KB string costs more than the
 * base64 encoding (Buffer#toString('base64') of the whole image and UTF-8 encoding the URL again cost
 * ~4x what this does).
 */
export class DataUrl implements ImageUrl {
  readonly urlJson: Buffer;
  #url: string | undefined;

  constructor(mime: string, bytes: Uint8Array) {
    const prefix = `data:${mime};base64,`;
    // allocUnsafeSlow: a buffer of its own, not a slice of the shared pool, since a cache may keep it.
    this.urlJson = Buffer.allocUnsafeSlow(prefix.length + Math.ceil(bytes.length / 3) * 4 + 2);
    this.urlJson[0] = QUOTE;
    this.urlJson.write(prefix, 1, 'latin1');
    const end = writeBase64(bytes, this.urlJson, 1 + prefix.length);
    this.urlJson[end] = QUOTE;
  }

  get url(): string {
    this.#url ??= this.urlJson.toString('latin1', 1, this.urlJson.length - 1);
    return this.#url;
  }
}

import type { ImageUrl } from '../core/index.js';

const ALPHABET = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const QUOTE = 0x22;
const PAD = 0x3d;

/** Standard padded base64 of `bytes` written into `out` from `at`; returns where it ended. */
function writeBase64(bytes: Uint8Array, out: Buffer, at: number): number {
  const whole = bytes.length - (bytes.length % 3);
  let j = at;
  for (let i = 0; i < whole; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[j++] = ALPHABET[v >>> 18]!;
    out[j++] = ALPHABET[(v >>> 12) & 63]!;
    out[j++] = ALPHABET[(v >>> 6) & 63]!;
    out[j++] = ALPHABET[v & 63]!;
  }
  const rest = bytes.length - whole;
  if (rest > 0) {
    const v = (bytes[whole]! << 16) | (rest === 2 ? bytes[whole + 1]! << 8 : 0);
    out[j++] = ALPHABET[v >>> 18]!;
    out[j++] = ALPHABET[(v >>> 12) & 63]!;
    out[j++] = rest === 2 ? ALPHABET[(v >>> 6) & 63]! : PAD;
    out[j++] = PAD;
  }
  return j;
}

/**
 * An image's `data:<mime>;base64,...` URL, made from its JSON literal (ImageUrl.urlJson), into which the
 * base64 is written once. The URL string itself is made only if something reads it: request bodies
 * copy the JSON bytes, and on Node 20 making a ~280 KB string costs more than the base64 encoding
 * (Buffer#toString('base64') and UTF-8 encoding the URL again cost ~4x what this does).
 */
export class DataUrl implements ImageUrl {
  readonly urlJson: Buffer;
  #url: string | undefined;

  /** `base64`, when the bytes arrived as standard base64, is copied instead of encoding again. */
  constructor(mime: string, bytes: Uint8Array, base64?: string) {
    const prefix = `data:${mime};base64,`;
    const payloadLength = base64 !== undefined ? base64.length : Math.ceil(bytes.length / 3) * 4;
    // allocUnsafeSlow: a buffer of its own, not a slice of the shared pool, since a cache may keep it.
    this.urlJson = Buffer.allocUnsafeSlow(prefix.length + payloadLength + 2);
    this.urlJson[0] = QUOTE;
    this.urlJson.write(prefix, 1, 'latin1');
    const end =
      base64 !== undefined
        ? 1 + prefix.length + this.urlJson.write(base64, 1 + prefix.length, 'latin1')
        : writeBase64(bytes, this.urlJson, 1 + prefix.length);
    this.urlJson[end] = QUOTE;
  }

  get url(): string {
    this.#url ??= this.urlJson.toString('latin1', 1, this.urlJson.length - 1);
    return this.#url;
  }
}

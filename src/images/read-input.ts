import { open, type FileHandle } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ImageTooLargeError, InvalidImageError } from '../core/index.js';
import type { ImageInput } from '../core/index.js';
import { decodeBase64 } from './decode-base64.js';
import { fetchRemote } from './fetch-remote.js';
import type { ImageLimits } from './types.js';

export interface InputBytes {
  bytes: Buffer;
  origin: string;
}

const REMOTE = /^https?:\/\//i;
/** Any other `scheme://`; a Windows drive letter (`C:\`) has no slashes after the colon. */
const OTHER_URL = /^[a-z][a-z0-9+.-]*:\/\//i;

function tooLarge(origin: string, bytes: number, maxBytes: number): ImageTooLargeError {
  return new ImageTooLargeError(
    `${origin} is ${bytes} bytes, over the ${maxBytes}-byte limit; send a smaller image or raise maxBytes`,
    origin,
  );
}

/** Checks the byte limit on what was read (the readers below also refuse early where they can). */
function within(bytes: Buffer, origin: string, maxBytes: number): InputBytes {
  if (bytes.length > maxBytes) throw tooLarge(origin, bytes.length, maxBytes);
  return { bytes, origin };
}

/** Refuses a data URL whose header (between `data:` and the comma) does not say base64. */
function checkBase64Header(header: string | undefined): void {
  if (header === undefined || !/;base64$/i.test(header)) {
    throw new InvalidImageError(
      'the data URL is not base64 (expected data:image/...;base64,...); encode the image as base64',
      'data URL',
    );
  }
}

/** A data URL's bytes, and whether its base64 decoded as it was sent (no whitespace to strip first). */
function decodePayload(sent: string, maxBytes: number): { bytes: Buffer; asSent: boolean } {
  const origin = 'data URL';
  const decodedLength = (base64: string) => Math.floor((base64.length * 3) / 4);
  // Plain base64 within the limit is decoded as sent, in one pass. Anything else is measured again
  // without its whitespace (line-wrapped base64 is longer than its bytes promise), refused by that
  // length before a buffer is allocated, and decoded once more only if it had whitespace.
  const asSent = decodedLength(sent) <= maxBytes + 2 ? decodeBase64(sent) : undefined;
  let bytes = asSent;
  if (!bytes) {
    const payload = /\s/.test(sent) ? sent.replace(/\s+/g, '') : sent;
    const estimated = decodedLength(payload);
    if (estimated > maxBytes + 2) throw tooLarge(origin, estimated, maxBytes);
    if (payload !== sent) bytes = decodeBase64(payload);
  }
  if (!bytes) {
    throw new InvalidImageError('the data URL payload is not valid base64; re-encode the image', origin);
  }
  return { bytes: within(bytes, origin, maxBytes).bytes, asSent: asSent !== undefined };
}

function fromDataUrl(url: string, maxBytes: number): InputBytes {
  const comma = url.indexOf(',');
  checkBase64Header(comma < 0 ? undefined : url.slice(5, comma));
  return { bytes: decodePayload(url.slice(comma + 1), maxBytes).bytes, origin: 'data URL' };
}

const COMMA = 0x2c;
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x1f]/;

/** A control character in a data URL held as bytes was raw in its JSON string, which JSON refuses. */
function rawControl(fix: string): InvalidImageError {
  return new InvalidImageError(
    `the data URL holds a control character (a raw line break or tab), which a JSON string cannot; ${fix}`,
    'data URL',
  );
}

/**
 * A data URL held as ASCII bytes, as a JSON body holds it (see spliceDataUrlBytes), read without
 * making the URL a lasting string: only its base64 becomes one, for the decoder, and is dropped at once.
 * The bytes are a JSON string's raw text, so a control character anywhere in them is refused as JSON
 * refuses it, before any other complaint about the URL. The header is short and checked as it is read;
 * base64 as sent has no control character, so the payload is looked at only when it did not decode as
 * sent (one in whitespace to be stripped was raw in the JSON string).
 */
export function readDataUrlBytes(url: Buffer, maxBytes: number): InputBytes {
  const comma = url.indexOf(COMMA);
  // With no comma the whole URL is the header: a string made only on the way to refusing it.
  const header = url.toString('latin1', 0, comma < 0 ? url.length : comma);
  if (CONTROL.test(header)) throw rawControl('send the header as data:image/...;base64, on one line');
  checkBase64Header(comma < 0 ? undefined : header.slice(5));
  const sent = url.toString('latin1', comma + 1);
  const payloadControl = () => rawControl('send the base64 on one line');
  let decoded: { bytes: Buffer; asSent: boolean };
  try {
    decoded = decodePayload(sent, maxBytes);
  } catch (error) {
    throw CONTROL.test(sent) ? payloadControl() : error;
  }
  // Decoded as sent, it was all base64 digits; otherwise what was stripped may have been raw.
  if (!decoded.asSent && CONTROL.test(sent)) throw payloadControl();
  return { bytes: decoded.bytes, origin: 'data URL' };
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file; check the path',
  EACCES: 'permission denied; make the file readable',
  EISDIR: 'it is a directory; pass an image file',
  ENOTDIR: 'a folder in the path is not a directory; check the path',
};

async function fromFile(path: string, maxBytes: number): Promise<InputBytes> {
  let file: FileHandle | undefined;
  try {
    // One open file for the size check and the read: a separate stat would be another round trip
    // through the thread pool, and the file could change between the two.
    file = await open(path, 'r');
    const info = await file.stat();
    if (info.isDirectory()) {
      throw new InvalidImageError(`could not read ${path}: ${FILE_ERRORS.EISDIR}`, path);
    }
    // Refuse by the size on disk before reading the file into memory.
    if (info.size > maxBytes) throw tooLarge(path, info.size, maxBytes);
    return within(await file.readFile(), path, maxBytes);
  } catch (error) {
    if (error instanceof InvalidImageError) throw error;
    const code = (error as { code?: unknown }).code;
    const reason =
      (typeof code === 'string' ? FILE_ERRORS[code] : undefined) ??
      (error instanceof Error ? error.message : String(error));
    throw new InvalidImageError(`could not read ${path}: ${reason}`, path, { cause: error });
  } finally {
    await file?.close();
  }
}

/** The encoded bytes an input names, refused over maxBytes before they are all held where possible. */
export async function readInput(input: ImageInput, limits: ImageLimits): Promise<InputBytes> {
  if (input instanceof Uint8Array) {
    // A copy, so that a caller reusing its buffer cannot change an image whose hash was taken.
    if (input.byteLength > limits.maxBytes) throw tooLarge('buffer', input.byteLength, limits.maxBytes);
    return { bytes: Buffer.from(input), origin: 'buffer' };
  }
  if (typeof input !== 'string' || input.length === 0) {
    throw new InvalidImageError(
      'expected an image as a file path, a data URL, an http(s) URL or bytes; got ' +
        (typeof input === 'string' ? 'an empty string' : typeof input),
      'input',
    );
  }
  if (/^data:/i.test(input)) return fromDataUrl(input, limits.maxBytes);
  if (REMOTE.test(input)) {
    if (!limits.allowRemote) {
      throw new InvalidImageError(
        `remote images are turned off, so ${input} was not fetched; download it and pass the file, or set allowRemote where URLs are trusted`,
        input,
      );
    }
    return within(await fetchRemote(input, limits), input, limits.maxBytes);
  }
  if (/^file:\/\//i.test(input)) return fromFile(fileURLToPath(input), limits.maxBytes);
  if (OTHER_URL.test(input)) {
    throw new InvalidImageError(
      `unsupported URL scheme in ${input}; pass a file path, a data URL or an http(s) URL`,
      input,
    );
  }
  return fromFile(input, limits.maxBytes);
}

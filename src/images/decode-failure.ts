import { InvalidImageError } from '../core/index.js';

/** The formats we accept; anything else sharp can read (SVG, PDF, RAW...) is refused. */
export const SUPPORTED_FORMATS_TEXT = 'PNG, JPEG, WebP, GIF, TIFF, AVIF supported';

/** The first line of a sharp/libvips message: its later lines repeat the same cause. */
function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() ?? message;
}

/**
 * Turns whatever sharp threw while reading `origin` into an InvalidImageError that says what was
 * wrong and what to do; sharp's own words are kept at the end for whoever debugs it.
 */
export function decodeFailure(origin: string, error: unknown): InvalidImageError {
  const detail = firstLine(error);
  const notAnImage = /unsupported image format|Input buffer is empty/i.test(detail);
  const what = notAnImage
    ? `it is not an image in a supported format (${SUPPORTED_FORMATS_TEXT}); convert it to PNG or JPEG`
    : `the file is truncated or corrupt (${SUPPORTED_FORMATS_TEXT}); re-export or re-download it`;
  return new InvalidImageError(`could not decode ${origin}: ${what} (decoder said: ${detail})`, origin, {
    cause: error,
  });
}

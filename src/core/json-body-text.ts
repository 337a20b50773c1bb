import { isAscii } from 'node:buffer';

/**
 * The text of a JSON body. A body carrying images is mostly base64, all ASCII: decoded as Latin-1 it is
 * one copy into a one-byte string, where the UTF-8 decoder walks it byte by byte (for a 150 KB chat
 * request that is most of the cost of reading it). Any other body goes through UTF-8 as usual.
 */
export function jsonBodyText(bytes: Buffer): string {
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

import { isAscii } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { jsonBodyText } from './json-body-text.js';
import { fieldPath, type JsonPath } from './json-path.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const DATA_URL_OPENING = Buffer.from('"data:', 'latin1');
/** Bytes that may come before a string's opening quote in JSON (an escaped quote has a backslash). */
const BEFORE_OPENING = new Set([...':,[ \t\r\n'].map((c) => c.charCodeAt(0)));
/** Shorter data URLs are left in the text. */
const SPLICE_MIN_LENGTH = 4096;
/** Characters JSON does not allow raw in a string. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x1f]/;

// Stands in for a data URL in the text. Random per process, so no string a client sends can be
// mistaken for it.
const marker = `edit-r1-data-url-${randomUUID()}-`;

/**
 * A JSON string's content as its text, when it can be taken as it is: ASCII with no backslash (so no
 * escapes) and no control character (which JSON refuses). The two byte checks are single native
 * passes; the control characters are looked for in the string, where a regular expression on a
 * 70 KB base64 string costs about half what one checking every character against the allowed set did.
 */
function takenAsIs(content: Buffer): string | undefined {
  if (!isAscii(content) || content.indexOf(BACKSLASH) >= 0) return undefined;
  const text = content.toString('latin1');
  return CONTROL.test(text) ? undefined : text;
}

/** A JSON body's text with its long data URLs cut out, each replaced by a marker string. */
export interface SplicedJson<Url = string> {
  text: string;
  urls: Url[];
}

/** The body's text with each long data URL that `take` accepts cut out and replaced by a marker. */
function splice<Url>(raw: Buffer, take: (content: Buffer) => Url | undefined): SplicedJson<Url> {
  const pieces: string[] = [];
  const urls: Url[] = [];
  let from = 0;
  let at = raw.indexOf(DATA_URL_OPENING, from);
  while (at >= 0) {
    const end = raw.indexOf(QUOTE, at + 1);
    if (end < 0) break;
    if (end - at - 1 >= SPLICE_MIN_LENGTH && at > 0 && BEFORE_OPENING.has(raw[at - 1]!)) {
      const url = take(raw.subarray(at + 1, end));
      if (url !== undefined) {
        pieces.push(jsonBodyText(raw.subarray(from, at)), JSON.stringify(marker + urls.length));
        urls.push(url);
        from = end + 1;
      }
    }
    at = raw.indexOf(DATA_URL_OPENING, end + 1);
  }
  if (urls.length === 0) return { text: jsonBodyText(raw), urls };
  pieces.push(jsonBodyText(raw.subarray(from)));
  return { text: pieces.join(''), urls };
}

/**
 * Cuts the long data URLs out of a JSON body, so that it is never one string: V8 keeps each string over
 * 128 KB in a memory mapping of its own, and a 150 KB chat request (a source and an edit) then costs
 * ~0.7 ms to read here, against ~0.1 ms for the same bytes in strings under the limit. Each URL
 * becomes a string of its own; parse `text` as JSON (with any checks of one's own), then put the URLs
 * back with restoreDataUrls. Strings with escapes, non-ASCII or control characters are left in the
 * text, so the result is what parsing the whole body gives, and a body that is not valid JSON stays
 * invalid.
 */
export function spliceDataUrls(raw: Buffer): SplicedJson {
  return splice(raw, takenAsIs);
}

/**
 * As spliceDataUrls, but each URL cut out stays bytes: a view of the body (ASCII with no backslash, so
 * its bytes are the string's value), made into no string at all. A reader that needs only the bytes
 * (an image loader decoding the base64) keeps a body's megabyte of base64 off the JS heap, where the
 * strings would live, and be copied by each young-generation collection, until the last image is read.
 * Control characters, which JSON refuses, are not looked for here: restoreDataUrlSpans refuses them in
 * URLs it makes strings, and a reader of the bytes must refuse them itself (base64 has none).
 */
export function spliceDataUrlBytes(raw: Buffer): SplicedJson<Buffer> {
  return splice(raw, (content) => (isAscii(content) && content.indexOf(BACKSLASH) < 0 ? content : undefined));
}

/**
 * Walks a parsed body and replaces each marker string by what `restored` gives for it (in place).
 * Only a marker is ever replaced (objects are restored in place), so no assignment goes through an
 * inherited setter such as __proto__'s.
 */
function replaceMarkers(value: unknown, restored: (index: number, path: JsonPath) => unknown): unknown {
  const walk = (item: unknown, path: (string | number)[]): unknown => {
    if (typeof item === 'string') {
      return item.startsWith(marker) ? restored(Number(item.slice(marker.length)), path) : item;
    }
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        const next = walk(item[i], [...path, i]);
        if (next !== item[i]) item[i] = next;
      }
    } else if (item !== null && typeof item === 'object') {
      const record = item as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const next = walk(record[key], [...path, key]);
        if (next !== record[key]) record[key] = next;
      }
    }
    return item;
  };
  return walk(value, []);
}

/** The parsed value of a spliced body with its data URLs put back where their markers are (in place). */
export function restoreDataUrls(value: unknown, urls: readonly string[]): unknown {
  if (urls.length === 0) return value;
  return replaceMarkers(value, (index) => urls[index]);
}

/**
 * Puts the URLs of spliceDataUrlBytes back into the parsed body (in place): as strings, except where
 * `keepBytes` says a reader takes bytes. There the marker stays, and the map returned gives its bytes.
 * Markers are random per process, so no string a client sends is taken for one.
 * @throws SyntaxError when a URL made a string holds a control character (the body is not valid JSON).
 */
export function restoreDataUrlSpans(
  value: unknown,
  spans: readonly Buffer[],
  keepBytes: (path: JsonPath) => boolean,
): Map<string, Buffer> {
  const kept = new Map<string, Buffer>();
  if (spans.length === 0) return kept;
  replaceMarkers(value, (index, path) => {
    const span = spans[index]!;
    if (keepBytes(path)) {
      kept.set(marker + index, span);
      return marker + index;
    }
    const url = takenAsIs(span);
    if (url === undefined) {
      throw new SyntaxError(
        `the string at ${fieldPath(path)} holds a raw control character (a line break or tab); escape it as \\n or \\t`,
      );
    }
    return url;
  });
  return kept;
}

/** JSON.parse of a body that may carry long data URLs, without making it one string (see spliceDataUrls). */
export function parseJsonBody(raw: Buffer): unknown {
  const { text, urls } = spliceDataUrls(raw);
  return restoreDataUrls(JSON.parse(text), urls);
}

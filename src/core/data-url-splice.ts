import { isAscii } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { jsonBodyText } from './json-body-text.js';
import { fieldPath, type JsonPath } from './json-path.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const DATA_URL_OPENING = Buffer.from('"data:', 'latin1');
/** Bytes that may come before a string's opening quote in JSON (an escaped quote has a backslash). */
const BEFORE_OPENING = new Set([...':,[ \t\r\n'].map((c) => c.charCodeAt(0)));
/** JSON whitespace, which may come between a string's closing quote and what follows it. */
const WHITESPACE = new Set([...' \t\r\n'].map((c) => c.charCodeAt(0)));
/** Bytes that may follow a value, and not a key (which a colon follows), in JSON. */
const AFTER_VALUE = new Set([...',]}'].map((c) => c.charCodeAt(0)));
/** Shorter data URLs are left in the text. */
const SPLICE_MIN_LENGTH = 4096;
/** Characters JSON does not allow raw in a string. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x1f]/;

/** A marker's index as the splice writes it: decimal, with no leading zero. */
const MARKER_INDEX = /^(?:0|[1-9][0-9]*)$/;

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
  /**
   * What each marker starts with, followed by its URL's index. Random per body (empty when nothing was
   * cut out), so no string a client sends can be taken for one, even by a client that saw an earlier
   * body's marker in an answer. randomUUID draws from a buffered pool, well under a microsecond a body.
   */
  marker: string;
}

/**
 * Whether the string whose closing quote is at `end` is in value position: followed (after any
 * whitespace) by what may follow a value, or by the end of the body. A key is followed by a colon and
 * stays in the text, so that a message naming it names what the client sent.
 */
function endsValue(raw: Buffer, end: number): boolean {
  let next = end + 1;
  while (next < raw.length && WHITESPACE.has(raw[next]!)) next++;
  return next === raw.length || AFTER_VALUE.has(raw[next]!);
}

/** The body's text with each long data URL that `take` accepts cut out and replaced by a marker. */
function splice<Url>(raw: Buffer, take: (content: Buffer) => Url | undefined): SplicedJson<Url> {
  const pieces: string[] = [];
  const urls: Url[] = [];
  let marker = '';
  let from = 0;
  let at = raw.indexOf(DATA_URL_OPENING, from);
  while (at >= 0) {
    const end = raw.indexOf(QUOTE, at + 1);
    if (end < 0) break;
    if (
      end - at - 1 >= SPLICE_MIN_LENGTH &&
      at > 0 &&
      BEFORE_OPENING.has(raw[at - 1]!) &&
      endsValue(raw, end)
    ) {
      const url = take(raw.subarray(at + 1, end));
      if (url !== undefined) {
        marker ||= `edit-r1-data-url-${randomUUID()}-`;
        pieces.push(jsonBodyText(raw.subarray(from, at)), JSON.stringify(marker + urls.length));
        urls.push(url);
        from = end + 1;
      }
    }
    at = raw.indexOf(DATA_URL_OPENING, end + 1);
  }
  if (urls.length === 0) return { text: jsonBodyText(raw), urls, marker };
  pieces.push(jsonBodyText(raw.subarray(from)));
  return { text: pieces.join(''), urls, marker };
}

/**
 * Cuts the long data URLs out of a JSON body, so that it is never one string: V8 keeps each string over
 * 128 KB in a memory mapping of its own, and a 150 KB chat request (a source and an edit) then costs
 * ~0.7 ms to read here, against ~0.1 ms for the same bytes in strings under the limit. Each URL
 * becomes a string of its own; parse `text` as JSON (with any checks of one's own), then put the URLs
 * back with restoreDataUrls. Only strings in
 * value position are cut out, never keys, and strings with escapes, non-ASCII or control characters
 * are left in the text, so the result is what parsing the whole body gives, and a body that is not
 * valid JSON stays invalid.
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
 * URLs it makes strings and in the header of those it keeps as bytes, and a reader of the bytes must
 * refuse them in the rest itself (base64 has none).
 */
export function spliceDataUrlBytes(raw: Buffer): SplicedJson<Buffer> {
  return splice(raw, (content) => (isAscii(content) && content.indexOf(BACKSLASH) < 0 ? content : undefined));
}

/**
 * Walks a parsed body and replaces each of the body's markers by what `restored` gives for it (in
 * place). Only a marker is ever replaced (objects are restored in place), so no assignment goes through
 * an inherited setter such as __proto__'s. A string that starts like a marker but names no URL of the
 * body is the client's text and stays as it is.
 */
function replaceMarkers(
  value: unknown,
  { urls, marker }: SplicedJson<unknown>,
  restored: (index: number, reference: string, path: JsonPath) => unknown,
): unknown {
  const walk = (item: unknown, path: (string | number)[]): unknown => {
    if (typeof item === 'string') {
      if (!item.startsWith(marker)) return item;
      const index = item.slice(marker.length);
      return MARKER_INDEX.test(index) && Number(index) < urls.length
        ? restored(Number(index), item, path)
        : item;
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
export function restoreDataUrls(value: unknown, spliced: SplicedJson): unknown {
  if (spliced.urls.length === 0) return value;
  return replaceMarkers(value, spliced, (index) => spliced.urls[index]);
}

/**
 * Whether a data URL's header (before its first comma) holds a control character. Only the header: in
 * a URL kept as bytes, the reader's base64 decoding finds one in the payload at no extra cost.
 */
function headerHasControl(span: Buffer): boolean {
  const comma = span.indexOf(COMMA);
  for (let i = 0; i < comma; i++) if (span[i]! < 0x20) return true;
  return false;
}

/** The error for a raw control character in the string at `path`: the body is not valid JSON. */
function rawControl(path: JsonPath): SyntaxError {
  return new SyntaxError(
    `the string at ${fieldPath(path)} holds a raw control character (a line break or tab); escape it as \\n or \\t`,
  );
}

/**
 * Puts the URLs of spliceDataUrlBytes back into the parsed body (in place): as strings, except where
 * `keepBytes` says a reader takes bytes. There the marker stays, and the map returned gives its bytes.
 * Markers are random per body, so no string a client sends is taken for one.
 * @throws SyntaxError when a URL made a string, or the header of one kept as bytes, holds a control
 * character (the body is not valid JSON).
 */
export function restoreDataUrlSpans(
  value: unknown,
  spliced: SplicedJson<Buffer>,
  keepBytes: (path: JsonPath) => boolean,
): Map<string, Buffer> {
  const kept = new Map<string, Buffer>();
  if (spliced.urls.length === 0) return kept;
  replaceMarkers(value, spliced, (index, reference, path) => {
    const span = spliced.urls[index]!;
    if (keepBytes(path)) {
      if (headerHasControl(span)) throw rawControl(path);
      kept.set(reference, span);
      return reference;
    }
    const url = takenAsIs(span);
    if (url === undefined) throw rawControl(path);
    return url;
  });
  return kept;
}

/** JSON.parse of a body that may carry long data URLs, without making it one string (see spliceDataUrls). */
export function parseJsonBody(raw: Buffer): unknown {
  const spliced = spliceDataUrls(raw);
  return restoreDataUrls(JSON.parse(spliced.text), spliced);
}

import { createHash, timingSafeEqual } from 'node:crypto';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Keys from an environment variable (comma-separated) or a file (one a line); blanks and `#` lines dropped. */
export function parseKeyList(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((k) => k.trim())
    .filter((k) => k !== '' && !k.startsWith('#'));
}

/**
 * A check of `authorization: Bearer <key>` against the configured keys. Keys are compared as sha256
 * digests with timingSafeEqual, over every key without stopping early, so neither a key's length nor
 * how much of it matched shows in the time an answer takes.
 */
export function createKeyCheck(keys: readonly string[]): (authorization: string | undefined) => boolean {
  const digests = keys.map(sha256);
  return (authorization) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    const presented = sha256(match?.[1] ?? '');
    let ok = false;
    for (const digest of digests) ok = timingSafeEqual(digest, presented) || ok;
    return ok && match !== null;
  };
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts a server without keys may listen on. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

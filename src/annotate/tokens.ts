import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh annotator token: 32 random bytes, URL-safe (it travels in the page URL's fragment). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the store keeps instead of the token. A plain digest suffices: tokens are random, not passwords. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The token in `authorization: Bearer <token>`, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
}

/**
 * The annotator a presented token belongs to, or undefined. The digest is compared with every
 * annotator's in constant time and without stopping at a match, so timing shows neither which
 * annotator matched nor how much of a token was right.
 */
export function createTokenCheck(
  annotators: readonly { name: string; tokenHash: string }[],
): (token: string | undefined) => string | undefined {
  const digests = annotators.map(({ name, tokenHash }) => ({ name, digest: Buffer.from(tokenHash, 'hex') }));
  return (token) => {
    const presented = Buffer.from(hashToken(token ?? ''), 'hex');
    let found: string | undefined;
    for (const { name, digest } of digests) {
      if (timingSafeEqual(digest, presented) && token !== undefined) found = name;
    }
    return found;
  };
}

import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';

const SQLITE = 'sqlite:';
const POSTGRES = /^postgres(ql)?:\/\//;

/** `sqlite:PATH` (one machine) or `postgres://user@host:5432/db` (several workers or machines). */
export const StoreUrlSchema = z
  .string({ error: 'expected a store URL' })
  .refine((url) => (url.startsWith(SQLITE) && url.length > SQLITE.length) || POSTGRES.test(url), {
    message: 'expected sqlite:PATH or postgres://user@host:5432/db',
  });

/** The URL with a relative SQLite path made absolute against `baseDir` (PostgreSQL URLs are returned as they are). */
export function resolveStoreUrl(url: string, baseDir: string): string {
  if (!url.startsWith(SQLITE)) return url;
  const path = url.slice(SQLITE.length);
  // ':memory:' is SQLite's name for a private in-memory database, not a file.
  if (path === ':memory:' || isAbsolute(path)) return url;
  return `${SQLITE}${resolve(baseDir, path)}`;
}

/**
 * The store URL fit for logs and status: a PostgreSQL password, in the user part or as a `password=`
 * query parameter, is replaced by ***.
 */
export function describeStoreUrl(url: string): string {
  if (!POSTGRES.test(url)) return url;
  const queryAt = url.search(/[?#]/);
  const [main, query] = queryAt < 0 ? [url, ''] : [url.slice(0, queryAt), url.slice(queryAt)];
  // By hand rather than with URL: a password with an unescaped '@' or '/' must still be masked.
  const scheme = main.indexOf('://') + 3;
  const at = main.lastIndexOf('@');
  const colon = main.indexOf(':', scheme);
  const masked =
    at > scheme && colon > 0 && colon < at ? `${main.slice(0, colon)}:***${main.slice(at)}` : main;
  return masked + query.replace(/([?&]password=)[^&#]*/gi, '$1***');
}

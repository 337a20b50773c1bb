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

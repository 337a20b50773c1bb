import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../core/index.js';

export type StoreLocation =
  { kind: 'sqlite'; url: string; path: string } | { kind: 'postgres'; url: string; connectionString: string };

const EXAMPLES =
  'sqlite:PATH (e.g. sqlite:pipeline.sqlite, or sqlite::memory: for a throwaway store) or postgres://USER[:PASSWORD]@HOST:PORT/DATABASE';

/** The URL with its password (if any) replaced by ***, for messages and logs. */
export function maskStoreUrl(url: string): string {
  if (!url.includes('://')) return url;
  try {
    const parsed = new URL(url);
    if (parsed.password === '') return url;
    parsed.password = '***';
    return parsed.toString();
  } catch {
    // Unparseable: hide everything between the scheme and the host rather than risk showing a password.
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Reads a store URL: `sqlite:PATH` (relative to `cwd`), `sqlite::memory:`, `postgres://` or `postgresql://`. */
export function parseStoreUrl(url: string, cwd: string = process.cwd()): StoreLocation {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new ConfigError(`store URL "${url}" names no file: expected ${EXAMPLES}`);
    if (path === ':memory:') return { kind: 'sqlite', url, path };
    return { kind: 'sqlite', url, path: isAbsolute(path) ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const masked = maskStoreUrl(url);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (error) {
      throw new ConfigError(`store URL "${masked}" is not a valid URL: expected ${EXAMPLES}`, {
        cause: error,
      });
    }
    if (parsed.hostname === '') {
      throw new ConfigError(`store URL "${masked}" names no host: expected ${EXAMPLES}`);
    }
    return { kind: 'postgres', url: masked, connectionString: url };
  }
  throw new ConfigError(
    `store URL "${maskStoreUrl(url)}" is not one this toolkit opens: expected ${EXAMPLES}`,
  );
}

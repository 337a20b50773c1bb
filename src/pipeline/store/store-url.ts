import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../../core/index.js';

export type StoreLocation =
  { kind: 'sqlite'; url: string; path: string } | { kind: 'postgres'; url: string; connectionString: string };

const EXAMPLES =
  'sqlite:PATH (e.g. sqlite:pipeline.sqlite, or sqlite::memory: for a throwaway store) or postgres://USER[:PASSWORD]@HOST:PORT/DATABASE';

/**
 * The store URL fit for logs, errors and status: a password in a scheme:// URL, in the user part or
 * as a `password=` query parameter, is replaced by ***. By hand rather than with URL, so that a password
 * with an unescaped '@' or '/' is masked too.
 */
export function maskStoreUrl(url: string): string {
  if (!url.includes('://')) return url;
  const queryAt = url.search(/[?#]/);
  const [main, query] = queryAt < 0 ? [url, ''] : [url.slice(0, queryAt), url.slice(queryAt)];
  const scheme = main.indexOf('://') + 3;
  const at = main.lastIndexOf('@');
  const colon = main.indexOf(':', scheme);
  const masked =
    at > scheme && colon > 0 && colon < at ? `${main.slice(0, colon)}:***${main.slice(at)}` : main;
  return masked + query.replace(/([?&]password=)[^&#]*/gi, '$1***');
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

import type { PipelineStore } from '../types.js';
import { KyselyStore } from './kysely-store.js';
import { openPostgres } from './postgres-connection.js';
import { openSqlite } from './sqlite-connection.js';
import { parseStoreUrl } from './store-url.js';

export interface OpenStoreOptions {
  /** The clock for leases and retry delays (ms since the epoch); tests pass a fake one. */
  now?: () => number;
  /** Folder a relative `sqlite:PATH` is resolved against (default: the process's cwd). */
  cwd?: string;
  /** PostgreSQL: connections in this store's pool (default 10). */
  poolSize?: number;
  /** SQLite: how long to wait for another writer before failing (default 60 s). */
  busyTimeoutMs?: number;
}

/**
 * Opens the store a URL names: `sqlite:PATH` (relative to cwd), `sqlite::memory:`, or
 * `postgres://...` / `postgresql://...`. Call migrate() before using a new store.
 */
export async function openStore(url: string, options: OpenStoreOptions = {}): Promise<PipelineStore> {
  const location = parseStoreUrl(url, options.cwd);
  const connection =
    location.kind === 'sqlite'
      ? await openSqlite(location.url, location.path, options)
      : await openPostgres(location.url, location.connectionString, options);
  return new KyselyStore(connection, options.now);
}

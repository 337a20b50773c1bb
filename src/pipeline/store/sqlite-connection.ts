import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type SqliteDatabase } from 'kysely';
import { LRUCache } from 'lru-cache';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoreSchema } from './schema.js';
import type { StoreConnection, StoreWork } from './store-connection.js';
import { StoreError } from './store-error.js';

export interface SqliteOptions {
  /** How long to wait for another connection's write transaction before giving up (default 60 s). */
  busyTimeoutMs?: number;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}

/**
 * Runs `attempt` until SQLite stops answering BUSY. better-sqlite3 is synchronous, so SQLite's own
 * busy_timeout would block the whole thread while it waits: another connection in this process (which
 * holds the lock across awaits) could never finish. So busy_timeout is 0 and the wait happens here,
 * between event-loop turns; it also covers connections in other processes.
 */
async function whileBusy<T>(url: string, timeoutMs: number, attempt: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 1; ; delay = Math.min(delay * 2, 16)) {
    try {
      return await attempt();
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) {
        if (isBusy(error)) {
          throw new StoreError(
            `the SQLite store ${url} stayed locked by another writer for ${timeoutMs} ms: check for a stuck process using it`,
            url,
            { cause: error },
          );
        }
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function openDatabase(url: string, path: string): Database.Database {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return new Database(path, { timeout: 0 });
  } catch (error) {
    throw new StoreError(
      `cannot open the SQLite store ${url} (file ${path}): ${(error as Error).message}. Use a path in a folder you can write to (the config's store, or --store sqlite:PATH).`,
      url,
      { cause: error },
    );
  }
}

/** Distinct statement texts kept prepared (batched inserts of different sizes are different texts). */
const STATEMENTS_KEPT = 256;

/**
 * The connection as kysely sees it, with prepared statements kept by their SQL text: kysely prepares
 * every statement on every execution, and preparing costs about as much as running these small
 * statements. Safe because kysely runs one statement at a time on a connection and never leaves one
 * iterating.
 */
function keepingStatements(raw: Database.Database): SqliteDatabase {
  const statements = new LRUCache<string, Database.Statement>({ max: STATEMENTS_KEPT });
  return {
    close: () => raw.close(),
    prepare(text) {
      let statement = statements.get(text);
      if (!statement) {
        statement = raw.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

/** One better-sqlite3 connection in WAL mode; several (in this or other processes) may share the file. */
export async function openSqlite(
  url: string,
  path: string,
  options: SqliteOptions = {},
): Promise<StoreConnection> {
  const timeoutMs = options.busyTimeoutMs ?? 60_000;
  const raw = openDatabase(url, path);
  try {
    // WAL: readers never wait for the writer. synchronous=NORMAL: a commit is durable once the WAL is
    // checkpointed, and a power cut can lose only the last commits, never corrupt the file.
    await whileBusy(url, timeoutMs, async () => raw.pragma('journal_mode = WAL'));
    raw.pragma('synchronous = NORMAL');
  } catch (error) {
    raw.close();
    throw new StoreError(
      `cannot use the SQLite store ${url} (file ${path}): ${(error as Error).message}`,
      url,
      {
        cause: error,
      },
    );
  }
  const db = new Kysely<StoreSchema>({ dialect: new SqliteDialect({ database: keepingStatements(raw) }) });
  const transaction = <T>(work: StoreWork<T>) =>
    // connection() holds kysely's single-connection mutex, so nothing else on this store runs in between.
    db.connection().execute(async (conn) => {
      await whileBusy(url, timeoutMs, () => sql`begin immediate`.execute(conn));
      try {
        const result = await work(conn);
        await sql`commit`.execute(conn);
        return result;
      } catch (error) {
        if (raw.inTransaction) await sql`rollback`.execute(conn);
        throw error;
      }
    });
  return {
    kind: 'sqlite',
    run: (work) => whileBusy(url, timeoutMs, () => work(db)),
    transaction,
    // BEGIN IMMEDIATE already excludes every other writer of the file.
    schemaTransaction: transaction,
    close: () => db.destroy(),
  };
}

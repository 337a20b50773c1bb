import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { StoreSchema } from './schema.js';
import type { StoreConnection } from './store-connection.js';
import { StoreError } from './store-error.js';

export interface PostgresOptions {
  /** Connections in this store's pool (default 10). */
  poolSize?: number;
}

const INT8 = 20;
const JSON_OID = 114;

/**
 * Per-pool type parsers (pg's global ones are left alone): bigint columns hold millisecond times and
 * counts, which fit a JS number; json arrives as text so both stores parse it the same way.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === JSON_OID) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

/** Node's connect errors for several addresses are AggregateErrors with an empty message. */
function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map((inner: unknown) => describe(inner)).join('; ');
  }
  const { message, code } = error as { message?: string; code?: string };
  return message || code || String(error);
}

export async function openPostgres(
  url: string,
  connectionString: string,
  options: PostgresOptions = {},
): Promise<StoreConnection> {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 15_000,
    types,
  });
  // An idle connection that breaks (server restart) must not crash the worker: the next query reconnects.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end();
    throw new StoreError(
      `cannot connect to the PostgreSQL store ${url}: ${describe(error)}. Check that PostgreSQL is running there and that the host, port, user, password and database in the store URL (the config's store, or --store) are right; or use a SQLite store (--store sqlite:pipeline.sqlite).`,
      url,
      { cause: error },
    );
  }
  const db = new Kysely<StoreSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    run: (work) => work(db),
    transaction: (work) => db.transaction().execute(work),
    schemaTransaction: (work) =>
      db.transaction().execute(async (trx) => {
        // Held until commit; concurrent CREATE TABLE IF NOT EXISTS can otherwise fail on the catalog.
        await sql`select pg_advisory_xact_lock(hashtext('edit-r1 pipeline schema'))`.execute(trx);
        return work(trx);
      }),
    announce: async (trx, resources) => {
      // Delivered by PostgreSQL when the transaction commits, and dropped if it rolls back.
      await sql`select pg_notify(${WORK_CHANNEL_PREFIX} || current_schema(), ${resources.join(RESOURCE_SEPARATOR)})`.execute(
        trx,
      );
    },
    watch: (listener) => watchWork(connectionString, listener),
    close: () => db.destroy(),
  };
}

/** One channel per schema, so runs kept in other schemas of the database do not wake this run's workers. */
export const WORK_CHANNEL_PREFIX = 'edit_r1_work:';
/** Resource names (backend names) in one payload; a name holding a newline would only miss its wake-up. */
export const RESOURCE_SEPARATOR = '\n';

/**
 * LISTENs on its own connection (a pooled one would be handed to queries and stop listening). If that
 * connection breaks, announcements stop and workers fall back to polling, which they do anyway.
 */
async function watchWork(
  connectionString: string,
  listener: (resources: string[]) => void,
): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString });
  client.on('error', () => {});
  await client.connect();
  const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
  const channel = WORK_CHANNEL_PREFIX + rows[0]!.schema;
  client.on('notification', (message) => {
    if (message.channel === channel && message.payload) listener(message.payload.split(RESOURCE_SEPARATOR));
  });
  await client.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
  return async () => {
    await client.end().catch(() => {});
  };
}

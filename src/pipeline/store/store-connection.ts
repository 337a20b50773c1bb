import type { Kysely } from 'kysely';
import type { StoreSchema } from './schema.js';

/** A query function gets a Kysely bound to the store (or to the current transaction). */
export type StoreWork<T> = (db: Kysely<StoreSchema>) => Promise<T>;

/**
 * What differs between SQLite and PostgreSQL besides the SQL dialect: how a write transaction takes its
 * lock and waits for other writers, and how workers signal each other. The queries themselves
 * (kysely-store.ts) are the same for both, but for PostgreSQL's one-statement completion
 * (postgres-complete.ts).
 */
export interface StoreConnection {
  readonly kind: 'sqlite' | 'postgres';
  /** A read, or one statement that is atomic by itself; on SQLite retried while another writer holds the lock. */
  run<T>(work: StoreWork<T>): Promise<T>;
  /** Several statements as one transaction (SQLite: BEGIN IMMEDIATE, so the write lock is held from the start). */
  transaction<T>(work: StoreWork<T>): Promise<T>;
  /** A transaction that also holds the store-wide schema lock (PostgreSQL: an advisory lock). */
  schemaTransaction<T>(work: StoreWork<T>): Promise<T>;
  /**
   * PostgreSQL: tells other workers' watchers, when the transaction `db` belongs to commits, that units of
   * these resources became claimable. Absent where workers share no server to signal through.
   */
  announce?(db: Kysely<StoreSchema>, resources: readonly string[]): Promise<void>;
  /** PostgreSQL: calls `listener` with the resources announced; resolves to the function that stops it. */
  watch?(listener: (resources: string[]) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

import { sql, type Kysely } from 'kysely';
import type { StageName, UnitStatus } from '../types.js';

/**
 * One row per unit of work. Times are milliseconds since the epoch (bigint on PostgreSQL). `payload` and
 * `result` are JSON text: `json` on PostgreSQL, which keeps the text as written (jsonb would re-order
 * keys, and a unit must read back the same from either store so exports stay byte-identical).
 */
export interface UnitsTable {
  key: string;
  stage: StageName;
  input_id: string;
  resource: string;
  status: UnitStatus;
  payload: string;
  result: string | null;
  attempts: number;
  lease_owner: string | null;
  lease_until: number | null;
  not_before: number;
  reason: string | null;
  message: string | null;
  raw: string | null;
  prompt_tokens: number;
  completion_tokens: number;
  created_at: number;
  updated_at: number;
}

export interface MetaTable {
  name: string;
  value: string;
}

export interface StoreSchema {
  units: UnitsTable;
  meta: MetaTable;
}

/**
 * Creates the tables and indexes if absent (idempotent). The caller runs it under a lock (see
 * StoreConnection.schemaLock), since concurrent CREATE ... IF NOT EXISTS can still collide on PostgreSQL.
 */
export async function createSchema(db: Kysely<StoreSchema>, kind: 'sqlite' | 'postgres'): Promise<void> {
  // Keys sort byte-wise on both stores (SQLite's default), whatever the PostgreSQL database's locale.
  const id = kind === 'postgres' ? sql`text collate "C"` : sql`text`;
  const json = kind === 'postgres' ? 'json' : 'text';
  await db.schema
    .createTable('units')
    .ifNotExists()
    .addColumn('key', id, (c) => c.primaryKey())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('input_id', id, (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('payload', json, (c) => c.notNull())
    .addColumn('result', json)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('not_before', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('message', 'text')
    .addColumn('raw', 'text')
    .addColumn('prompt_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('completion_tokens', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  // Claims walk these in (created_at, key) order and stop at their limit: one resource, or any resource.
  await db.schema
    .createIndex('units_claim_resource')
    .ifNotExists()
    .on('units')
    .columns(['status', 'resource', 'created_at', 'key'])
    .execute();
  await db.schema
    .createIndex('units_claim')
    .ifNotExists()
    .on('units')
    .columns(['status', 'created_at', 'key'])
    .execute();
  await db.schema.createIndex('units_input').ifNotExists().on('units').column('input_id').execute();
  await db.schema
    .createTable('meta')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

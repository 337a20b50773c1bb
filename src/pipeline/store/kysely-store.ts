import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Usage } from '../../core/index.js';
import {
  STAGES,
  type ClaimOptions,
  type ClaimedUnit,
  type DoneUnit,
  type FailedUnit,
  type NewUnit,
  type PipelineStore,
  type StageCounts,
  type StageName,
  type StoredUnit,
  type UnitFailure,
  type UnitStatus,
} from '../types.js';
import { createSchema, type StoreSchema } from './schema.js';
import type { StoreConnection } from './store-connection.js';
import { completeInOneStatement } from './postgres-complete.js';
import { BATCH, byKey, chunks, fromJson, newRow, toJson } from './unit-rows.js';

async function insertUnits(db: Kysely<StoreSchema>, units: readonly NewUnit[], now: number): Promise<number> {
  let inserted = 0;
  for (const batch of chunks(byKey(units))) {
    const result = await db
      .insertInto('units')
      .values(batch.map((unit) => newRow(unit, now)))
      .onConflict((conflict) => conflict.column('key').doNothing())
      .executeTakeFirst();
    inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return inserted;
}

/** PipelineStore over one kysely query layer; `connection` supplies what differs between SQLite and PostgreSQL. */
export class KyselyStore implements PipelineStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly #connection: StoreConnection;
  readonly #now: () => number;
  #closed: Promise<void> | undefined;

  constructor(connection: StoreConnection, now: () => number = Date.now) {
    this.kind = connection.kind;
    this.#connection = connection;
    this.#now = now;
  }

  migrate(): Promise<void> {
    return this.#connection.schemaTransaction((db) => createSchema(db, this.kind));
  }

  async getMeta(name: string): Promise<string | null> {
    const row = await this.#connection.run((db) =>
      db.selectFrom('meta').select('value').where('name', '=', name).executeTakeFirst(),
    );
    return row?.value ?? null;
  }

  async setMeta(name: string, value: string): Promise<void> {
    await this.#connection.run((db) =>
      db
        .insertInto('meta')
        .values({ name, value })
        .onConflict((conflict) => conflict.column('name').doUpdateSet({ value }))
        .execute(),
    );
  }

  async enqueue(units: readonly NewUnit[]): Promise<number> {
    if (units.length === 0) return 0;
    const now = this.#now();
    return this.#connection.transaction((db) => this.#insertAndAnnounce(db, units, now));
  }

  /** Inserts the units and, where the store can signal, announces their resources on commit. */
  async #insertAndAnnounce(db: Kysely<StoreSchema>, units: readonly NewUnit[], now: number): Promise<number> {
    const inserted = await insertUnits(db, units, now);
    if (inserted > 0 && this.#connection.announce) {
      await this.#connection.announce(db, [...new Set(units.map((unit) => unit.resource))]);
    }
    return inserted;
  }

  watchWork(listener: (resources: readonly string[]) => void): Promise<(() => Promise<void>) | null> {
    return this.#connection.watch ? this.#connection.watch(listener) : Promise.resolve(null);
  }

  async claim({
    worker,
    resources,
    limit,
    leaseMs,
    expired: reclaim = true,
  }: ClaimOptions): Promise<ClaimedUnit[]> {
    if (limit <= 0 || resources?.length === 0) return [];
    const now = this.#now();
    const take = (
      ready: (eb: ExpressionBuilder<StoreSchema, 'units'>) => Expression<SqlBool>,
      count: number,
    ) =>
      this.#connection.run((db) => {
        let picked = db
          .selectFrom('units')
          .select('key')
          .where(ready)
          .$if(resources !== undefined, (qb) => qb.where('resource', 'in', resources ?? []))
          .orderBy('created_at')
          .orderBy('key')
          .limit(count);
        // Rows another worker is claiming right now are skipped, not waited for. SQLite needs no row
        // locks: the statement holds the database's write lock.
        if (this.kind === 'postgres') picked = picked.forUpdate().skipLocked();
        return db
          .with('picked', () => picked)
          .updateTable('units')
          .set({ status: 'running', lease_owner: worker, lease_until: now + leaseMs, updated_at: now })
          .where('key', 'in', (eb) => eb.selectFrom('picked').select('picked.key'))
          .returning([
            'key',
            'stage',
            'input_id',
            'resource',
            'payload',
            'attempts',
            'lease_until',
            'created_at',
          ])
          .execute();
      });
    // Two statements rather than one with OR, so each walks the claim index in (created_at, key) order and
    // stops at the limit instead of sorting every ready unit. Units whose worker died (lease ran out) go first.
    const expired = reclaim
      ? await take((eb) => eb.and([eb('status', '=', 'running'), eb('lease_until', '<', now)]), limit)
      : [];
    const pending =
      expired.length < limit
        ? await take(
            (eb) => eb.and([eb('status', '=', 'pending'), eb('not_before', '<=', now)]),
            limit - expired.length,
          )
        : [];
    // RETURNING has no order: put them back oldest first.
    const rows = [...expired, ...pending].sort(
      (a, b) => a.created_at - b.created_at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
    );
    return rows.map((row) => ({
      key: row.key,
      stage: row.stage,
      inputId: row.input_id,
      resource: row.resource,
      payload: fromJson(row.payload),
      attempts: row.attempts,
      leaseUntil: row.lease_until ?? now + leaseMs,
    }));
  }

  async renew(keys: readonly string[], worker: string, leaseMs: number): Promise<string[]> {
    if (keys.length === 0) return [];
    const now = this.#now();
    const held = await this.#connection.transaction(async (db) => {
      const out: string[] = [];
      for (const batch of chunks(keys)) {
        const rows = await db
          .updateTable('units')
          .set({ lease_until: now + leaseMs, updated_at: now })
          .where('key', 'in', batch)
          .where('lease_owner', '=', worker)
          .where('status', '=', 'running')
          .returning('key')
          .execute();
        out.push(...rows.map((row) => row.key));
      }
      return out;
    });
    const still = new Set(held);
    return keys.filter((key) => still.has(key));
  }

  async complete(
    key: string,
    worker: string,
    result: unknown,
    usage: Usage | undefined,
    followUps: readonly NewUnit[],
  ): Promise<boolean> {
    const now = this.#now();
    const text = toJson(result, `the result of unit ${key}`);
    const finish = async (db: Kysely<StoreSchema>) => {
      const updated = await db
        .updateTable('units')
        .set({
          status: 'done',
          result: text,
          prompt_tokens: usage?.promptTokens ?? 0,
          completion_tokens: usage?.completionTokens ?? 0,
          lease_owner: null,
          lease_until: null,
          updated_at: now,
        })
        .where('key', '=', key)
        .where('lease_owner', '=', worker)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      await this.#insertAndAnnounce(db, followUps, now);
      return true;
    };
    // Without follow-ups the UPDATE alone is atomic: no transaction round trips.
    if (followUps.length === 0) return this.#connection.run(finish);
    if (this.kind === 'postgres' && followUps.length <= BATCH) {
      const completion = {
        key,
        worker,
        result: text,
        promptTokens: usage?.promptTokens ?? 0,
        completionTokens: usage?.completionTokens ?? 0,
        now,
        followUps,
      };
      return this.#connection.run((db) => completeInOneStatement(db, completion));
    }
    return this.#connection.transaction(finish);
  }

  async fail(
    key: string,
    worker: string,
    failure: UnitFailure,
    options: { maxAttempts: number; retryAfterMs: number },
  ): Promise<'pending' | 'failed' | 'lost'> {
    const now = this.#now();
    // Decided in the UPDATE itself, on the row as it is when locked, so no read-then-write race.
    const status = failure.retryable
      ? sql<UnitStatus>`case when attempts + 1 < ${options.maxAttempts} then 'pending' else 'failed' end`
      : sql<UnitStatus>`'failed'`;
    const row = await this.#connection.run((db) =>
      db
        .updateTable('units')
        .set((eb) => ({
          status,
          attempts: eb('attempts', '+', 1),
          not_before: now + options.retryAfterMs,
          lease_owner: null,
          lease_until: null,
          reason: failure.reason,
          message: failure.message,
          raw: failure.raw ?? null,
          updated_at: now,
        }))
        .where('key', '=', key)
        .where('lease_owner', '=', worker)
        .where('status', '=', 'running')
        .returning('status')
        .executeTakeFirst(),
    );
    return row === undefined ? 'lost' : row.status === 'pending' ? 'pending' : 'failed';
  }

  async release(keys: readonly string[], worker: string, delayMs: number): Promise<void> {
    if (keys.length === 0) return;
    const now = this.#now();
    await this.#connection.transaction(async (db) => {
      for (const batch of chunks(keys)) {
        await db
          .updateTable('units')
          .set({
            status: 'pending',
            lease_owner: null,
            lease_until: null,
            not_before: now + delayMs,
            updated_at: now,
          })
          .where('key', 'in', batch)
          .where('lease_owner', '=', worker)
          .where('status', '=', 'running')
          .execute();
      }
    });
  }

  async unitsOf(inputId: string): Promise<StoredUnit[]> {
    const rows = await this.#connection.run((db) =>
      db
        .selectFrom('units')
        .select(['key', 'stage', 'input_id', 'status', 'payload', 'result'])
        .where('input_id', '=', inputId)
        .orderBy('key')
        .execute(),
    );
    return rows.map((row) => ({
      key: row.key,
      stage: row.stage,
      inputId: row.input_id,
      status: row.status,
      payload: fromJson(row.payload),
      result: fromJson(row.result),
    }));
  }

  async inputIds(): Promise<string[]> {
    const rows = await this.#connection.run((db) =>
      db.selectFrom('units').select('input_id').distinct().orderBy('input_id').execute(),
    );
    return rows.map((row) => row.input_id);
  }

  async done(stage: StageName): Promise<DoneUnit[]> {
    const rows = await this.#connection.run((db) =>
      db
        .selectFrom('units')
        .select(['key', 'stage', 'input_id', 'payload', 'result'])
        .where('stage', '=', stage)
        .where('status', '=', 'done')
        .orderBy('key')
        .execute(),
    );
    return rows.map((row) => ({
      key: row.key,
      stage: row.stage,
      inputId: row.input_id,
      payload: fromJson(row.payload),
      result: fromJson(row.result),
    }));
  }

  async counts(): Promise<StageCounts[]> {
    const rows = await this.#connection.run((db) =>
      db
        .selectFrom('units')
        .select((eb) => [
          'stage',
          'status',
          eb.fn.countAll().as('units'),
          eb.fn.sum('prompt_tokens').as('prompt_tokens'),
          eb.fn.sum('completion_tokens').as('completion_tokens'),
        ])
        .groupBy(['stage', 'status'])
        .execute(),
    );
    const counts = STAGES.map((stage): StageCounts => ({
      stage,
      pending: 0,
      running: 0,
      done: 0,
      failed: 0,
      promptTokens: 0,
      completionTokens: 0,
    }));
    for (const row of rows) {
      const entry = counts.find((c) => c.stage === row.stage);
      if (entry === undefined) continue;
      // Aggregates come back as number, bigint or numeric text depending on the driver.
      entry[row.status] += Number(row.units);
      entry.promptTokens += Number(row.prompt_tokens ?? 0);
      entry.completionTokens += Number(row.completion_tokens ?? 0);
    }
    return counts;
  }

  async failures(): Promise<FailedUnit[]> {
    const rows = await this.#connection.run((db) =>
      db
        .selectFrom('units')
        .select(['key', 'stage', 'input_id', 'resource', 'attempts', 'reason', 'message', 'raw'])
        .where('status', '=', 'failed')
        .orderBy('key')
        .execute(),
    );
    return rows.map((row) => ({
      key: row.key,
      stage: row.stage,
      inputId: row.input_id,
      resource: row.resource,
      attempts: row.attempts,
      reason: row.reason ?? 'unknown',
      message: row.message ?? '',
      raw: row.raw,
    }));
  }

  async usageByResource(): Promise<Record<string, Usage>> {
    const rows = await this.#connection.run((db) =>
      db
        .selectFrom('units')
        .select((eb) => [
          'resource',
          eb.fn.sum('prompt_tokens').as('prompt_tokens'),
          eb.fn.sum('completion_tokens').as('completion_tokens'),
        ])
        .where('status', '=', 'done')
        .groupBy('resource')
        .orderBy('resource')
        .execute(),
    );
    const usage: Record<string, Usage> = {};
    for (const row of rows) {
      // Aggregates come back as number, bigint or numeric text depending on the driver.
      const promptTokens = Number(row.prompt_tokens ?? 0);
      const completionTokens = Number(row.completion_tokens ?? 0);
      if (promptTokens + completionTokens > 0) usage[row.resource] = { promptTokens, completionTokens };
    }
    return usage;
  }

  async active(): Promise<number> {
    const row = await this.#connection.run((db) =>
      db
        .selectFrom('units')
        .select((eb) => eb.fn.countAll().as('units'))
        .where('status', 'in', ['pending', 'running'])
        .executeTakeFirstOrThrow(),
    );
    return Number(row.units);
  }

  async activeResources(): Promise<string[]> {
    const rows = await this.#connection.run((db) =>
      db
        .selectFrom('units')
        .select('resource')
        .distinct()
        .where('status', 'in', ['pending', 'running'])
        .orderBy('resource')
        .execute(),
    );
    return rows.map((row) => row.resource);
  }

  close(): Promise<void> {
    this.#closed ??= this.#connection.close();
    return this.#closed;
  }
}

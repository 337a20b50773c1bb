import { sql, type Kysely } from 'kysely';
import type { NewUnit } from '../types.js';
import { WORK_CHANNEL_PREFIX, RESOURCE_SEPARATOR } from './postgres-connection.js';
import type { StoreSchema } from './schema.js';
import { byKey, newRow } from './unit-rows.js';

export interface Completion {
  key: string;
  worker: string;
  /** The result as JSON text. */
  result: string;
  promptTokens: number;
  completionTokens: number;
  now: number;
  followUps: readonly NewUnit[];
}

/**
 * A completion and its follow-up units as one PostgreSQL statement: the UPDATE, the INSERT (only if the
 * UPDATE found the unit still this worker's) and the announcement to other workers, in data-modifying
 * CTEs. One round trip where a transaction takes five (BEGIN, UPDATE, INSERT, NOTIFY, COMMIT), and
 * atomic as one statement is. Returns false, having changed nothing, when the lease was lost.
 */
export async function completeInOneStatement(db: Kysely<StoreSchema>, done: Completion): Promise<boolean> {
  // VALUES parameters have no type of their own: they arrive as text and are cast on the way in.
  const rows = byKey(done.followUps).map((unit) => {
    const row = newRow(unit, done.now);
    return sql`(${row.key}, ${row.stage}, ${row.input_id}, ${row.resource}, ${row.payload})`;
  });
  const { rows: answer } = await sql<{ updated: number }>`
    with done as (
      update units
      set status = 'done', result = ${done.result}, prompt_tokens = ${done.promptTokens},
        completion_tokens = ${done.completionTokens}, lease_owner = null, lease_until = null,
        updated_at = ${done.now}
      where key = ${done.key} and lease_owner = ${done.worker} and status = 'running'
      returning key
    ), added as (
      insert into units (key, stage, input_id, resource, status, payload, attempts, not_before,
        prompt_tokens, completion_tokens, created_at, updated_at)
      select v.key, v.stage, v.input_id, v.resource, 'pending', v.payload::json, 0, ${done.now}::bigint,
        0, 0, ${done.now}::bigint, ${done.now}::bigint
      from (values ${sql.join(rows)}) as v (key, stage, input_id, resource, payload)
      where exists (select 1 from done)
      order by v.key
      on conflict (key) do nothing
      returning resource
    )
    select (select count(*) from done)::int as updated,
      (select pg_notify(${WORK_CHANNEL_PREFIX} || current_schema(), string_agg(distinct resource, ${RESOURCE_SEPARATOR}))
        from added having count(*) > 0) is not null as announced`.execute(db);
  return (answer[0]?.updated ?? 0) > 0;
}

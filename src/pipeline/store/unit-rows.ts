import { UsageError } from '../../core/index.js';
import { STAGES, type NewUnit } from '../types.js';
import type { UnitsTable } from './schema.js';

/**
 * Rows per INSERT/IN list: 500 units x 18 columns stays well under SQLite's 32,766 and PostgreSQL's
 * 65,535 bound parameters.
 */
export const BATCH = 500;

export function chunks<T>(items: readonly T[], size: number = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** JSON text of a payload or result; undefined (nothing to record) is stored as null. */
export function toJson(value: unknown, what: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value ?? null);
  } catch (error) {
    throw new UsageError(`${what} is not JSON-serialisable: ${(error as Error).message}`, { cause: error });
  }
  return text ?? 'null';
}

export function fromJson(text: string | null): unknown {
  return text === null ? null : (JSON.parse(text) as unknown);
}

const stages: ReadonlySet<string> = new Set(STAGES);

/** The row a new unit starts as: pending, claimable at once. */
export function newRow(unit: NewUnit, now: number): UnitsTable {
  if (typeof unit.key !== 'string' || unit.key === '') {
    throw new UsageError(
      `a unit to enqueue has no key (input ${unit.inputId}): every unit needs its content key`,
    );
  }
  if (!stages.has(unit.stage)) {
    throw new UsageError(`unit ${unit.key} has stage "${unit.stage}": expected one of ${STAGES.join(', ')}`);
  }
  return {
    key: unit.key,
    stage: unit.stage,
    input_id: unit.inputId,
    resource: unit.resource,
    status: 'pending',
    payload: toJson(unit.payload, `the payload of unit ${unit.key}`),
    result: null,
    attempts: 0,
    lease_owner: null,
    lease_until: null,
    not_before: now,
    reason: null,
    message: null,
    raw: null,
    prompt_tokens: 0,
    completion_tokens: 0,
    created_at: now,
    updated_at: now,
  };
}

/**
 * New units sorted by key: on PostgreSQL two transactions inserting overlapping keys in different orders
 * could deadlock on the primary key; in one order they just wait for each other.
 */
export function byKey(units: readonly NewUnit[]): NewUnit[] {
  return [...units].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

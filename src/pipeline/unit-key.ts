import { createHash } from 'node:crypto';
import { UsageError } from '../core/index.js';
import type { StageName } from './types.js';

function describePath(path: string): string {
  return path === '' ? '(root)' : path;
}

function canonical(value: unknown, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    // JSON would write NaN and Infinity as null, so two different parts would share one key.
    if (!Number.isFinite(value))
      throw new UsageError(
        `unit key part ${describePath(path)} is ${value}: only finite numbers can be hashed`,
      );
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    // Positions matter in an array, so an undefined item is written as null (as JSON does), not dropped.
    return `[${value.map((item, i) => (item === undefined ? 'null' : canonical(item, `${path}[${i}]`))).join(',')}]`;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, path === '' ? k : `${path}.${k}`)}`).join(',')}}`;
  }
  throw new UsageError(
    `unit key part ${describePath(path)} is ${value instanceof Object ? value.constructor.name : typeof value}: only JSON values (plain objects, arrays, strings, finite numbers, booleans, null) can be hashed`,
  );
}

/**
 * JSON with object keys sorted (by UTF-16 code unit, recursively), no whitespace and undefined object
 * members dropped: two objects with the same members give the same text whatever order they were built in.
 * Anything JSON cannot carry faithfully (NaN, Infinity, bigint, Dates, Maps, class instances) is a
 * UsageError naming its path, rather than a silent collision.
 */
export function canonicalJson(value: unknown): string {
  return canonical(value, '');
}

/**
 * A unit's content-addressed key: hex SHA-256 of the canonical JSON of `{stage, parts}`. Equal parts give
 * an equal key on every machine and run, so a finished unit is found again instead of redone; the stage
 * is hashed alongside the parts so two stages with equal parts never share a key.
 */
export function unitKey(stage: StageName, parts: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson({ stage, parts })).digest('hex');
}

import { findJsonValues } from '../../core/index.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The JSON objects written in a text (inside code fences or prose), each read as JSON.parse reads it, with
 * nothing repaired, that `accept` takes. An object accepted is skipped whole; one not accepted is
 * searched inside, so `{"answer": {"gold": [...]}}` still yields the inner object.
 */
export function findJsonObjects(
  text: string,
  accept: (value: Record<string, unknown>) => boolean,
): Record<string, unknown>[] {
  return findJsonValues(
    text,
    '{',
    (value): value is Record<string, unknown> => isObject(value) && accept(value),
  );
}

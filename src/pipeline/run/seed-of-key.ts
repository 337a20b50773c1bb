import { UsageError } from '../../core/index.js';

/**
 * A unit's seed: the first 31 bits of its (hex SHA-256) key, so the same unit sends the same request
 * seed on every run and worker, and a non-negative integer every OpenAI-compatible server accepts.
 */
export function seedOfKey(key: string): number {
  const seed = Number.parseInt(key.slice(0, 8), 16);
  if (!Number.isInteger(seed))
    throw new UsageError(`unit key "${key}" is not hex: cannot derive a seed from it`);
  return seed >>> 1;
}

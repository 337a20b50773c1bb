import { readFileSync } from 'node:fs';

/**
 * This package's version, from its package.json. Part of every verdict cache key, so that a cached
 * verdict of an older release (whose embedded judge or prompts may have changed) is not reused.
 */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

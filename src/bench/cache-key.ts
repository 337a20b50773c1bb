import { createHash } from 'node:crypto';
import type { Principle } from '../core/index.js';

/** Everything that decides a judgement; two edits with equal parts get the same verdict from the cache. */
export interface CacheKeyParts {
  judgeId: string;
  /** The caller's fingerprint of the judge's settings (model, prompt, temperature...), '' when none. */
  judgeFingerprint: string;
  sourceDigest: string;
  editedDigest: string;
  instruction: string;
  principles: readonly Principle[] | undefined;
  samples: number;
  seed: number | undefined;
}

/** sha256 over the parts in a fixed order (a JSON array, so no two different part lists collide). */
export function cacheKey(parts: CacheKeyParts): string {
  const fields = [
    parts.judgeId,
    parts.judgeFingerprint,
    parts.sourceDigest,
    parts.editedDigest,
    parts.instruction,
    parts.principles ?? null,
    parts.samples,
    parts.seed ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

import { createHash } from 'node:crypto';
import type { Principle } from '../core/index.js';

/** Everything that decides a reward; equal parts give the cached reward. */
export interface RewardKeyParts {
  judgeId: string;
  judgeFingerprint: string;
  sourceHash: string;
  editedHash: string;
  instruction: string;
  principles: readonly Principle[];
  /**
   * The number of samples: a set of N is one backend request (N choices), so the set is the unit cached;
   * sample i of a set of 4 and of a set of 8 are not interchangeable (the set's temperature, one request).
   */
  samples: number;
  seed: number | undefined;
}

/** sha256 over the parts as one JSON array, in a fixed order, so no two different part lists collide. */
export function rewardKey(parts: RewardKeyParts): string {
  const fields = [
    'reward/v1',
    parts.judgeId,
    parts.judgeFingerprint,
    parts.sourceHash,
    parts.editedHash,
    parts.instruction.trim(),
    parts.principles,
    parts.samples,
    parts.seed ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}

import { createHash } from 'node:crypto';
import { principlesJson, type Principle } from './principle.js';

/**
 * Everything that decides a judgement, so two requests with equal parts may share one cached verdict
 * or reward (the bench's verdict cache, the reward service's cache).
 */
export interface JudgementKeyParts {
  judgeId: string;
  /** The caller's fingerprint of the judge's settings (release, model, prompt, temperature...), '' when none. */
  judgeFingerprint: string;
  /** Content hashes of the two images. */
  sourceHash: string;
  editedHash: string;
  instruction: string;
  /** The principles judged against, or undefined when the judge decomposes them itself. */
  principles: readonly Principle[] | undefined;
  /**
   * The number of samples: a set of N is one backend request (N choices), so the set is the unit
   * cached; sample i of a set of 4 and of a set of 8 are not interchangeable.
   */
  samples: number;
  seed: number | undefined;
}

/**
 * sha256 over the parts as one JSON array in a fixed order, so no two different part lists collide.
 * The array's JSON is joined from its elements' (what JSON.stringify of the array gives), so that a
 * checked principle list, shared by a group's edits, is turned to JSON once (principlesJson).
 */
export function judgementKey(parts: JudgementKeyParts): string {
  const fields = [
    JSON.stringify('judgement/v1'),
    JSON.stringify(parts.judgeId),
    JSON.stringify(parts.judgeFingerprint),
    JSON.stringify(parts.sourceHash),
    JSON.stringify(parts.editedHash),
    JSON.stringify(parts.instruction.trim()),
    parts.principles ? principlesJson(parts.principles) : 'null',
    JSON.stringify(parts.samples),
    JSON.stringify(parts.seed ?? null),
  ];
  return createHash('sha256')
    .update(`[${fields.join(',')}]`)
    .digest('hex');
}

import { createRng, type PointVerdict, type Verdict } from '../../core/index.js';
import { CATEGORY_LABELS } from '../../rrm/index.js';

/** Hard rules that set the score to 0 whatever the points say (PAPER.md section 2). */
const ZEROING_RULES = new Set(['near-identical', 'white-border']);

const FLIPPED_REASON: Record<0 | 1, string> = {
  1: 'The edited image appears to satisfy this.',
  0: 'The edited image does not clearly satisfy this, so it scores 0.',
};

/** One 32-bit seed from the backend's seed and the unit's: the same pair always gives the same flips. */
export function mixSeeds(backendSeed: number, unitSeed: number): number {
  return (Math.imul(backendSeed | 0, 0x9e3779b1) + (unitSeed | 0)) | 0;
}

export interface NoisyVerdict {
  points: PointVerdict[];
  finalScore: number;
  /** Reasoning consistent with the flipped points (the embedded trace would contradict them). */
  reasoning: string;
  flipped: number;
}

/**
 * A weaker judge made from the embedded one, for a trace pool that needs disagreeing traces offline.
 * Every point must be scored (the caller refuses unverified ones). Each point draws once, in order, and
 * flips when its draw is below `flip`; a flipped point's reason says what the trace now claims.
 *
 * The final score is then recomputed, not taken from the embedded judge (whose score rests on the
 * unflipped points):
 *
 *     finalScore = round(2 x 10 x passed / points) / 2      (the share passed on 0-10, to the nearest half)
 *
 * and 0 when the embedded judge applied a zeroing hard rule (near-identical edit, added white border):
 * those come from the pixels, not from the points, so noise does not undo them.
 */
export function noisyVerdict(verdict: Verdict, flip: number, seed: number): NoisyVerdict {
  const rng = createRng(seed);
  let flipped = 0;
  const points = verdict.points.map((point) => {
    const draw = rng.next();
    if (point.score === null || draw >= flip) return { ...point };
    flipped++;
    const score = (1 - point.score) as 0 | 1;
    return { ...point, score, reason: FLIPPED_REASON[score] };
  });
  const passed = points.filter((p) => p.score === 1).length;
  const share = Math.round((20 * passed) / points.length) / 2;
  const zeroing = verdict.rulesApplied.filter((r) => ZEROING_RULES.has(r.rule));
  const finalScore = zeroing.length > 0 ? 0 : share;
  const lines = [
    `Checked ${points.length} principles one by one.`,
    ...points.map((p, i) =>
      `${i + 1}. [${CATEGORY_LABELS[p.category]}] ${p.question} ${p.score === 1 ? 'Satisfied' : 'Not satisfied'}: ${p.reason ?? ''}`.trimEnd(),
    ),
    `Passed ${passed} of ${points.length}: 10 x ${passed}/${points.length}, to the nearest half, is ${share}.`,
    ...zeroing.map((r) => `Hard rule: ${r.reason}; the final score is 0.`),
  ];
  return { points, finalScore, reasoning: lines.join('\n'), flipped };
}

import { CATEGORIES, type Category, type PointVerdict } from '../../core/index.js';

/**
 * How much each category weighs in the final score. PAPER.md: the final score is not the plain
 * average, "one unmet core point can cost more than one unmet minor point". An edit that does not do
 * what was asked is worth little however clean it is, so instruction following carries most of the
 * weight; preserving what should stay comes next; image quality, the cheapest to fix, last.
 */
export const CATEGORY_WEIGHTS: Readonly<Record<Category, number>> = {
  'instruction-following': 0.6,
  'feature-preservation': 0.25,
  'image-quality': 0.15,
};

export interface CategoryTally {
  category: Category;
  passed: number;
  verified: number;
  weight: number;
}

export interface ScoreBreakdown {
  /** 0-10 before hard rules, or null when no point was verified (then there is nothing to score). */
  score: number | null;
  tallies: CategoryTally[];
  /** The arithmetic, written out for the trace. */
  account: string;
}

/**
 * PAPER.md section 2: changes to things neither the instruction nor the principles mention are
 * hallucinations, penalised hard. `unrequested` weighs what changed unasked (an object altered or
 * removed 1; an object added or the background repainted 2; an edit whose locality check failed, so
 * that far more of the image changed than was asked, 2), and the score is capped at
 *
 *     cap = max(1, 6 - 1.5 x unrequested)
 *
 * whatever else passed: one stray change leaves an edit at most "partly usable" (4.5), an invented
 * object or a repainted room at most 3, since undoing changes all over the image costs a re-edit.
 */
export function unrequestedCap(unrequested: number): number {
  return Math.max(1, 6 - 1.5 * unrequested);
}

/**
 * Artefacts (blur, noise, blocks, a cast, oversaturation) spoil every part of an edit at once, so they
 * scale the score rather than cost one quality point: x (1 - 0.5 x severity), severity 0-1.
 */
export const ARTIFACT_WEIGHT = 0.5;

/**
 * When the core point (the first instruction-following principle: decomposers list the main ask
 * first) fails, the edit is at best partly usable (PAPER.md's guide: 5); when in addition something
 * else changed, the edit most likely landed on the wrong thing, and it is worth little (2).
 */
export const INCOMPLETE_CAP = 5;
export const MISPLACED_CAP = 2;

export interface ScoreAdjustments {
  /** The core instruction-following point was verified and failed. */
  coreFailed?: boolean;
  /** Weighted count of unrequested changes found (see unrequestedCap); 0 or absent: none. */
  unrequested?: number;
  /** 0-1, the worst artefact the quality checks found; 0 or absent: none. */
  artifactSeverity?: number;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The score from the verified points only:
 *
 *     base  = 10 x sum_c (w_c x passed_c / verified_c) / sum_c w_c
 *     score = min(base, unrequestedCap(unrequested), coreCap) x (1 - ARTIFACT_WEIGHT x artifactSeverity)
 *
 * over the categories c with at least one verified point (weights renormalised over those), w_c from
 * CATEGORY_WEIGHTS, rounded to 2 decimals. Unverified points (score null) count nowhere: they are
 * neither passed nor failed. So with every category verified, failing the only instruction-following
 * point costs 6 of 10, a lone quality point 1.5. What share was verified at all is reported beside the
 * score (verifiedShare), not folded into it.
 */
export function scoreVerifiedPoints(
  points: readonly PointVerdict[],
  adjustments: ScoreAdjustments = {},
): ScoreBreakdown {
  const tallies: CategoryTally[] = [];
  for (const category of CATEGORIES) {
    const verified = points.filter((p) => p.category === category && p.score !== null);
    if (verified.length === 0) continue;
    const passed = verified.filter((p) => p.score === 1).length;
    tallies.push({ category, passed, verified: verified.length, weight: CATEGORY_WEIGHTS[category] });
  }
  if (tallies.length === 0) return { score: null, tallies, account: 'no principle was verified: no score' };

  const totalWeight = tallies.reduce((s, t) => s + t.weight, 0);
  const weighted = tallies.reduce((s, t) => s + t.weight * (t.passed / t.verified), 0);
  let score = round2((10 * weighted) / totalWeight);
  const terms = tallies.map((t) => `${t.weight.toFixed(2)} x ${t.passed}/${t.verified} (${t.category})`);
  let account = `10 x (${terms.join(' + ')}) / ${totalWeight.toFixed(2)} = ${score.toFixed(2)}`;
  const unrequested = adjustments.unrequested ?? 0;
  if (unrequested > 0 && score > unrequestedCap(unrequested)) {
    score = unrequestedCap(unrequested);
    account += `, capped at ${score.toFixed(2)} for changes nobody asked for (weight ${unrequested})`;
  }
  if (adjustments.coreFailed) {
    const cap = unrequested > 0 ? MISPLACED_CAP : INCOMPLETE_CAP;
    if (score > cap) {
      score = cap;
      account += `, capped at ${cap.toFixed(2)}: the main ask is unmet${unrequested > 0 ? ' and something else changed instead' : ''}`;
    }
  }
  const severity = Math.min(1, Math.max(0, adjustments.artifactSeverity ?? 0));
  if (severity > 0) {
    const factor = 1 - ARTIFACT_WEIGHT * severity;
    score = round2(score * factor);
    account += `, x ${factor.toFixed(2)} for artefacts (severity ${severity.toFixed(2)}) = ${score.toFixed(2)}`;
  }
  return { score, tallies, account };
}

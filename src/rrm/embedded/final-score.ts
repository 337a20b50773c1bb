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
 * hallucinations, penalised hard. When the locality check fails, the edit changed far more of the image
 * than was asked (a whole room recoloured for one ball), so the score is capped here, whatever else
 * passed: below "partly usable" (5), since undoing changes all over the image costs a full re-edit.
 */
export const OVER_EDIT_CAP = 3;

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The score from the verified points only:
 *
 *     score = 10 x sum_c (w_c x passed_c / verified_c) / sum_c w_c
 *
 * over the categories c with at least one verified point (weights renormalised over those), w_c from
 * CATEGORY_WEIGHTS, rounded to 2 decimals. Unverified points (score null) count nowhere: they are
 * neither passed nor failed. So with every category verified, failing the only instruction-following
 * point costs 6 of 10, a lone quality point 1.5. What share was verified at all is reported beside the
 * score (verifiedShare), not folded into it. An over-edited image (`overEdited`: its locality check
 * failed) is capped at OVER_EDIT_CAP.
 */
export function scoreVerifiedPoints(
  points: readonly PointVerdict[],
  options: { overEdited?: boolean } = {},
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
  const weightedScore = round2((10 * weighted) / totalWeight);
  const terms = tallies.map((t) => `${t.weight.toFixed(2)} x ${t.passed}/${t.verified} (${t.category})`);
  const account = `10 x (${terms.join(' + ')}) / ${totalWeight.toFixed(2)} = ${weightedScore.toFixed(2)}`;
  if (options.overEdited && weightedScore > OVER_EDIT_CAP) {
    const capped = `${account}, capped at ${OVER_EDIT_CAP} because the edit changed far more than the instruction asked`;
    return { score: OVER_EDIT_CAP, tallies, account: capped };
  }
  return { score: weightedScore, tallies, account };
}

import { UsageError } from '../core/index.js';

/**
 * Fleiss' kappa over subjects each rated by the same number of raters n (n >= 2). `counts[i][j]` is
 * how many raters put subject i in category j. P_i = (sum_j n_ij^2 - n) / (n (n - 1)) is subject i's
 * agreement, P-bar their mean, p_j the share of all ratings in category j, Pe = sum_j p_j^2, and
 * kappa = (P-bar - Pe) / (1 - Pe). Null with no subjects, or when Pe is 1 (every rating in one category).
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number | null {
  if (counts.length === 0) return null;
  const raters = counts[0]!.reduce((s, c) => s + c, 0);
  const categories = counts[0]!.length;
  if (raters < 2) throw new UsageError(`Fleiss' kappa needs at least 2 raters per subject, got ${raters}`);
  let agreement = 0;
  const totals = new Array<number>(categories).fill(0);
  counts.forEach((row, i) => {
    const sum = row.reduce((s, c) => s + c, 0);
    if (sum !== raters || row.length !== categories) {
      throw new UsageError(
        `Fleiss' kappa needs the same raters and categories for every subject; subject ${i + 1} has ${sum} ratings, the first ${raters}`,
      );
    }
    agreement += (row.reduce((s, c) => s + c * c, 0) - raters) / (raters * (raters - 1));
    row.forEach((c, j) => (totals[j]! += c));
  });
  const meanAgreement = agreement / counts.length;
  const all = raters * counts.length;
  const chance = totals.reduce((s, t) => s + (t / all) ** 2, 0);
  return chance === 1 ? null : (meanAgreement - chance) / (1 - chance);
}

import { UsageError } from '../core/index.js';

/**
 * Cohen's kappa from a square contingency table (row: the first rater's category, column: the
 * second's): (po - pe) / (1 - pe), with po the share of items on the diagonal and pe the agreement
 * expected by chance from each rater's own category shares. Null with no items, or when pe is 1
 * (both raters always gave the same single category: agreement beyond chance is undefined).
 */
export function cohenKappa(table: readonly (readonly number[])[]): number | null {
  const k = table.length;
  if (table.some((row) => row.length !== k)) throw new UsageError('cohenKappa needs a square table');
  let n = 0;
  let agree = 0;
  const rows = new Array<number>(k).fill(0);
  const columns = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const count = table[i]![j]!;
      n += count;
      rows[i]! += count;
      columns[j]! += count;
      if (i === j) agree += count;
    }
  }
  if (n === 0) return null;
  const po = agree / n;
  const pe = rows.reduce((sum, row, i) => sum + (row / n) * (columns[i]! / n), 0);
  return pe === 1 ? null : (po - pe) / (1 - pe);
}

/** The k x k table of two raters' categories over the items both rated: [first rater's, second's] per item. */
export function contingencyTable<C>(
  categories: readonly C[],
  rated: readonly (readonly [C, C])[],
): number[][] {
  const table = categories.map(() => new Array<number>(categories.length).fill(0));
  for (const [first, second] of rated) table[categories.indexOf(first)]![categories.indexOf(second)]! += 1;
  return table;
}

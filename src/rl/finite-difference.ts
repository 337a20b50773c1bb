import type { TokenMatrix } from './token-matrix.js';

/**
 * Central differences (f(x + h e_bt) - f(x - h e_bt)) / 2h of a scalar function of a token matrix,
 * in float64: the reference a hand-written or autodiff gradient is checked against. The error is
 * O(h^2) from truncation plus O(eps_machine / h) from rounding, so h around 1e-5 to 1e-6 is best
 * for smooth functions of log-probs near 0. Keep points away from kinks (clip boundaries).
 */
export function centralDifferenceGradient(
  f: (x: number[][]) => number,
  x: TokenMatrix,
  h = 1e-6,
): number[][] {
  const point = x.map((row) => Array.from(row));
  return point.map((row, b) =>
    row.map((value, t) => {
      point[b]![t] = value + h;
      const up = f(point);
      point[b]![t] = value - h;
      const down = f(point);
      point[b]![t] = value;
      return (up - down) / (2 * h);
    }),
  );
}

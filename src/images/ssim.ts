/** Side of the square window, moved one pixel at a time (Wang et al. 2004, section III-C). */
export const SSIM_WINDOW = 8;
/** Stabilisers for 8-bit data: C1 = (0.01 * 255)^2, C2 = (0.03 * 255)^2, as in the paper. */
export const SSIM_C1 = (0.01 * 255) ** 2;
export const SSIM_C2 = (0.03 * 255) ** 2;

/**
 * Mean SSIM of two planes of the same size (0-255 values), over every window of SSIM_WINDOW x
 * SSIM_WINDOW (smaller when the plane is), with uniform weights and population (co)variances.
 * Window sums slide: per column over the window's rows, then along the row, so each pixel is
 * added and removed once rather than once per window holding it.
 */
export function meanSsim(x: Float32Array, y: Float32Array, width: number, height: number): number {
  if (x.length !== width * height || y.length !== width * height) {
    throw new RangeError(`meanSsim: planes must both hold ${width}x${height} values`);
  }
  const win = Math.min(SSIM_WINDOW, width, height);
  if (win < 1) return 1;
  // Per column: sums of x, y, x^2, y^2 and xy over the rows of the current window, side by side.
  const sums = new Float64Array(width * 5);
  const addRow = (row: number) => {
    for (let s = 0, i = row * width; s < sums.length; s += 5, i++) {
      const a = x[i]!;
      const b = y[i]!;
      sums[s]! += a;
      sums[s + 1]! += b;
      sums[s + 2]! += a * a;
      sums[s + 3]! += b * b;
      sums[s + 4]! += a * b;
    }
  };
  // Moves the window down a row in one pass: the row leaving is taken off before the entering one is
  // added, as two separate passes would.
  const slideRow = (leaving: number, entering: number) => {
    for (let s = 0, o = leaving * width, i = entering * width; s < sums.length; s += 5, o++, i++) {
      const a = x[o]!;
      const b = y[o]!;
      const c = x[i]!;
      const d = y[i]!;
      sums[s] = sums[s]! - a + c;
      sums[s + 1] = sums[s + 1]! - b + d;
      sums[s + 2] = sums[s + 2]! - a * a + c * c;
      sums[s + 3] = sums[s + 3]! - b * b + d * d;
      sums[s + 4] = sums[s + 4]! - a * b + c * d;
    }
  };
  for (let row = 0; row < win - 1; row++) addRow(row);

  const inv = 1 / (win * win);
  let total = 0;
  for (let top = 0; top + win <= height; top++) {
    if (top === 0) addRow(win - 1);
    else slideRow(top - 1, top + win - 1);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let s = 0; s < (win - 1) * 5; s += 5) {
      sx += sums[s]!;
      sy += sums[s + 1]!;
      sxx += sums[s + 2]!;
      syy += sums[s + 3]!;
      sxy += sums[s + 4]!;
    }
    for (let left = 0; left + win <= width; left++) {
      const enter = (left + win - 1) * 5;
      sx += sums[enter]!;
      sy += sums[enter + 1]!;
      sxx += sums[enter + 2]!;
      syy += sums[enter + 3]!;
      sxy += sums[enter + 4]!;
      const mx = sx * inv;
      const my = sy * inv;
      const vx = sxx * inv - mx * mx;
      const vy = syy * inv - my * my;
      const cov = sxy * inv - mx * my;
      total +=
        ((2 * mx * my + SSIM_C1) * (2 * cov + SSIM_C2)) /
        ((mx * mx + my * my + SSIM_C1) * (vx + vy + SSIM_C2));
      const leave = left * 5;
      sx -= sums[leave]!;
      sy -= sums[leave + 1]!;
      sxx -= sums[leave + 2]!;
      syy -= sums[leave + 3]!;
      sxy -= sums[leave + 4]!;
    }
  }
  return total / ((width - win + 1) * (height - win + 1));
}

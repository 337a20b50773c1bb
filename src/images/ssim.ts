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
  // Per column: sums of x, y, x^2, y^2 and xy over the rows of the current window.
  const cx = new Float64Array(width);
  const cy = new Float64Array(width);
  const cxx = new Float64Array(width);
  const cyy = new Float64Array(width);
  const cxy = new Float64Array(width);
  const addRow = (row: number, sign: number) => {
    for (let col = 0, i = row * width; col < width; col++, i++) {
      const a = x[i]!;
      const b = y[i]!;
      cx[col]! += sign * a;
      cy[col]! += sign * b;
      cxx[col]! += sign * a * a;
      cyy[col]! += sign * b * b;
      cxy[col]! += sign * a * b;
    }
  };
  for (let row = 0; row < win - 1; row++) addRow(row, 1);

  const inv = 1 / (win * win);
  let total = 0;
  for (let top = 0; top + win <= height; top++) {
    addRow(top + win - 1, 1);
    let sx = 0;
    let sy = 0;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let col = 0; col < win - 1; col++) {
      sx += cx[col]!;
      sy += cy[col]!;
      sxx += cxx[col]!;
      syy += cyy[col]!;
      sxy += cxy[col]!;
    }
    for (let left = 0; left + win <= width; left++) {
      const enter = left + win - 1;
      sx += cx[enter]!;
      sy += cy[enter]!;
      sxx += cxx[enter]!;
      syy += cyy[enter]!;
      sxy += cxy[enter]!;
      const mx = sx * inv;
      const my = sy * inv;
      const vx = sxx * inv - mx * mx;
      const vy = syy * inv - my * my;
      const cov = sxy * inv - mx * my;
      total +=
        ((2 * mx * my + SSIM_C1) * (2 * cov + SSIM_C2)) /
        ((mx * mx + my * my + SSIM_C1) * (vx + vy + SSIM_C2));
      sx -= cx[left]!;
      sy -= cy[left]!;
      sxx -= cxx[left]!;
      syy -= cyy[left]!;
      sxy -= cxy[left]!;
    }
    addRow(top, -1);
  }
  return total / ((width - win + 1) * (height - win + 1));
}

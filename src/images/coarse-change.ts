import { cellEdges, CHANGE_CELL_THRESHOLD, CHANGE_GRID } from './change-map.js';
import type { Raster } from './types.js';

/**
 * How far past the cell threshold a cell's unsmoothed mean difference must be before it is taken as
 * changed without the full change map. The full map averages the 3x3-smoothed difference's magnitude,
 * which is at least the magnitude of its mean; that mean equals the cell's own mean difference except
 * for the one-pixel ring where the smoothing window reaches into neighbouring cells. The margin covers
 * that ring: a cell whose mean shifts this far is changed in the full map as well (checked against it
 * on the real photos, their copies and edits in hard-rule-facts.test.ts).
 */
export const CLEAR_CHANGE_MARGIN = 1.5;

export interface CoarseChange {
  /** Some grid cell's mean difference passes CLEAR_CHANGE_MARGIN x the cell threshold: not a near-copy. */
  clearlyChanged: boolean;
  /** The largest per-channel mean signed difference over the frame, 0-1 (as in Difference.globalShift). */
  globalShift: number;
}

let cellSums = new Float64Array(0);

/** The cell of each pixel along one axis, with diffRasters' edges. */
function cellIndex(edges: readonly number[]): Int32Array {
  const index = new Int32Array(edges[edges.length - 1]!);
  for (let c = 0; c + 1 < edges.length; c++) index.fill(c, edges[c], edges[c + 1]);
  return index;
}

/**
 * One pass over two rasters of one size: each cell's mean signed difference per channel, and the
 * frame's; a cell is clearly changed past `margin` x `threshold`. Enough to tell most real edits from
 * near-copies at a fraction of the full change map's cost (no smoothing, no per-pixel magnitudes), so
 * the hard rules need the full map only for edits that change little.
 */
export function coarseChange(
  a: Raster,
  b: Raster,
  grid = CHANGE_GRID,
  threshold = CHANGE_CELL_THRESHOLD,
  margin = CLEAR_CHANGE_MARGIN,
): CoarseChange {
  const { width, height } = a;
  if (b.width !== width || b.height !== height) {
    throw new RangeError(`coarseChange: sizes differ (${width}x${height} vs ${b.width}x${b.height})`);
  }
  const cols = Math.min(grid, width);
  const rows = Math.min(grid, height);
  const xEdges = cellEdges(width, cols);
  const yEdges = cellEdges(height, rows);
  const rowCell = cellIndex(yEdges);
  if (cellSums.length < cols * rows * 3) cellSums = new Float64Array(cols * rows * 3);
  const sums = cellSums.subarray(0, cols * rows * 3);
  sums.fill(0);
  const A = a.data;
  const B = b.data;
  let shiftR = 0;
  let shiftG = 0;
  let shiftB = 0;
  // Row by row, each cell's run of pixels summed in locals (small integers) before one add to its
  // cell: this loop is a reward service's main per-edit pixel cost, so it avoids a lookup and three
  // floating-point stores per pixel.
  for (let y = 0; y < height; y++) {
    const rowBase = rowCell[y]! * cols;
    for (let c = 0; c < cols; c++) {
      let dr = 0;
      let dg = 0;
      let db = 0;
      const end = (y * width + xEdges[c + 1]!) * 3;
      for (let i = (y * width + xEdges[c]!) * 3; i < end; i += 3) {
        dr += A[i]! - B[i]!;
        dg += A[i + 1]! - B[i + 1]!;
        db += A[i + 2]! - B[i + 2]!;
      }
      const s = (rowBase + c) * 3;
      sums[s]! += dr;
      sums[s + 1]! += dg;
      sums[s + 2]! += db;
      shiftR += dr;
      shiftG += dg;
      shiftB += db;
    }
  }
  let clearlyChanged = false;
  for (let r = 0; r < rows && !clearlyChanged; r++) {
    const cellHeight = yEdges[r + 1]! - yEdges[r]!;
    for (let c = 0; c < cols; c++) {
      const cellWidth = xEdges[c + 1]! - xEdges[c]!;
      const s = (r * cols + c) * 3;
      const magnitude = Math.abs(sums[s]!) + Math.abs(sums[s + 1]!) + Math.abs(sums[s + 2]!);
      if (magnitude / (cellWidth * cellHeight * 3 * 255) > threshold * margin) {
        clearlyChanged = true;
        break;
      }
    }
  }
  const pixels = width * height;
  return {
    clearlyChanged,
    globalShift: Math.max(Math.abs(shiftR), Math.abs(shiftG), Math.abs(shiftB)) / (pixels * 255),
  };
}

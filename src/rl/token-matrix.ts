import { UsageError } from '../core/index.js';

/**
 * Per-token values of a batch: one row per sequence (a trace, or a denoising trajectory), every row
 * padded to one length. Which entries are real is said by a mask of the same shape (1 real, 0 padding).
 */
export type TokenMatrix = readonly ArrayLike<number>[];

/** Rows and columns of a checked batch. */
export interface TokenShape {
  rows: number;
  cols: number;
}

/**
 * Checks that the mask is rectangular and holds only 0 and 1, and that every named matrix has its
 * shape. Throws a UsageError naming the matrix and the row at fault; returns the shape.
 */
export function checkTokenShapes(
  mask: TokenMatrix,
  named: Readonly<Record<string, TokenMatrix>>,
): TokenShape {
  const rows = mask.length;
  const cols = rows === 0 ? 0 : mask[0]!.length;
  mask.forEach((row, b) => {
    if (row.length !== cols) {
      throw new UsageError(
        `mask row ${b} has ${row.length} entries, row 0 has ${cols}: pad every row to one length`,
      );
    }
    for (let t = 0; t < cols; t++) {
      const m = row[t];
      if (m !== 0 && m !== 1) {
        throw new UsageError(`mask[${b}][${t}] is ${m}: a mask holds 1 for a real token, 0 for padding`);
      }
    }
  });
  for (const [name, matrix] of Object.entries(named)) {
    if (matrix.length !== rows) {
      throw new UsageError(
        `${name} has ${matrix.length} rows, the mask has ${rows}: give one row per sequence`,
      );
    }
    matrix.forEach((row, b) => {
      if (row.length !== cols) {
        throw new UsageError(`${name} row ${b} has ${row.length} entries, the mask has ${cols}`);
      }
    });
  }
  return { rows, cols };
}

/** Throws a UsageError unless a per-sequence vector has one finite entry per row. */
export function checkPerSequence(name: string, values: ArrayLike<number>, rows: number): void {
  if (values.length !== rows) {
    throw new UsageError(`${name} has ${values.length} entries for ${rows} sequences: give one per sequence`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new UsageError(`${name}[${i}] is ${values[i]}: every entry must be a finite number`);
    }
  }
}

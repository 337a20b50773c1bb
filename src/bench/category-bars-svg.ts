import { escapeHtml } from './escape-html.js';
import type { Interval } from './types.js';

export interface BarRow {
  label: string;
  n: number;
  accuracy: number;
  interval: Interval | null;
}

const WIDTH = 720;
const LABEL_W = 220;
const VALUE_W = 70;
const ROW_H = 26;
const TOP = 24;
const PLOT_W = WIDTH - LABEL_W - VALUE_W;

function x(share: number): number {
  return LABEL_W + share * PLOT_W;
}

/** Horizontal accuracy bars (0-100%) with the bootstrap interval as a whisker, one row each. */
export function categoryBarsSvg(rows: readonly BarRow[]): string {
  const height = TOP + rows.length * ROW_H + 8;
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${x(t)}" y1="${TOP - 6}" x2="${x(t)}" y2="${height - 8}" class="grid"/>` +
        `<text x="${x(t)}" y="${TOP - 10}" text-anchor="middle" class="tick">${t * 100}%</text>`,
    )
    .join('');
  const bars = rows
    .map((row, i) => {
      const y = TOP + i * ROW_H;
      const mid = y + ROW_H / 2;
      const whisker = row.interval
        ? `<line x1="${x(row.interval[0])}" y1="${mid}" x2="${x(row.interval[1])}" y2="${mid}" class="whisker"/>` +
          `<line x1="${x(row.interval[0])}" y1="${mid - 5}" x2="${x(row.interval[0])}" y2="${mid + 5}" class="whisker"/>` +
          `<line x1="${x(row.interval[1])}" y1="${mid - 5}" x2="${x(row.interval[1])}" y2="${mid + 5}" class="whisker"/>`
        : '';
      return (
        `<text x="${LABEL_W - 8}" y="${mid + 4}" text-anchor="end" class="label">${escapeHtml(row.label)} (${row.n})</text>` +
        `<rect x="${LABEL_W}" y="${y + 5}" width="${(row.accuracy * PLOT_W).toFixed(1)}" height="${ROW_H - 10}" class="bar"/>` +
        whisker +
        `<text x="${WIDTH - VALUE_W + 8}" y="${mid + 4}" class="value">${(row.accuracy * 100).toFixed(1)}%</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="accuracy per category">${grid}${bars}</svg>`;
}

const WIDTH = 720;
const HEIGHT = 260;
const LEFT = 40;
const BOTTOM = 30;
const TOP = 24;
const BINS = 10;

/** Counts of 0-10 scores in ten bins of width 1 (a 10 falls in the last bin). */
export function binScores(scores: readonly number[]): number[] {
  const counts = new Array<number>(BINS).fill(0);
  for (const score of scores) counts[Math.min(BINS - 1, Math.max(0, Math.floor(score)))]!++;
  return counts;
}

/**
 * Side-by-side histograms of the scores of the edits people preferred and of those they rejected: a
 * judge that separates them well puts the two humps far apart.
 */
export function scoreHistogramSvg(preferred: readonly number[], rejected: readonly number[]): string {
  const series = [
    { counts: binScores(preferred), cls: 'preferred' },
    { counts: binScores(rejected), cls: 'rejected' },
  ];
  const max = Math.max(1, ...series.flatMap((s) => s.counts));
  const plotW = WIDTH - LEFT - 10;
  const plotH = HEIGHT - TOP - BOTTOM;
  const binW = plotW / BINS;
  const barW = (binW - 6) / 2;
  const bars = series
    .map((s, k) =>
      s.counts
        .map((count, bin) => {
          const h = (count / max) * plotH;
          const x = LEFT + bin * binW + 3 + k * barW;
          return `<rect x="${x.toFixed(1)}" y="${(TOP + plotH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${h.toFixed(1)}" class="${s.cls}"><title>${count}</title></rect>`;
        })
        .join(''),
    )
    .join('');
  const ticks = Array.from({ length: BINS + 1 }, (_, i) => {
    const x = LEFT + i * binW;
    return `<text x="${x.toFixed(1)}" y="${HEIGHT - 10}" text-anchor="middle" class="tick">${i}</text>`;
  }).join('');
  const axis =
    `<line x1="${LEFT}" y1="${TOP + plotH}" x2="${LEFT + plotW}" y2="${TOP + plotH}" class="axis"/>` +
    `<text x="${LEFT - 6}" y="${TOP + 4}" text-anchor="end" class="tick">${max}</text>` +
    `<text x="${LEFT - 6}" y="${TOP + plotH}" text-anchor="end" class="tick">0</text>`;
  const legend =
    `<rect x="${LEFT}" y="4" width="12" height="12" class="preferred"/><text x="${LEFT + 18}" y="14" class="tick">preferred (${preferred.length})</text>` +
    `<rect x="${LEFT + 160}" y="4" width="12" height="12" class="rejected"/><text x="${LEFT + 178}" y="14" class="tick">rejected (${rejected.length})</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="score histograms">${legend}${bars}${axis}${ticks}</svg>`;
}

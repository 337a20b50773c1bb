import type { StepRecord } from './step-record.js';

export interface LearningCurveOptions {
  width?: number;
  /** Height of each of the two panels. */
  panelHeight?: number;
  title?: string;
}

const MARGIN = { left: 56, right: 12, top: 22, bottom: 20 };

/**
 * A self-contained SVG of a run's learning curves, loss above and mean reward below, one point per
 * step, for the run's HTML report. Each panel is scaled to its own range, printed at its axis.
 */
export function learningCurveSvg(records: readonly StepRecord[], options: LearningCurveOptions = {}): string {
  const width = options.width ?? 640;
  const panelHeight = options.panelHeight ?? 180;
  const panels = [
    { label: 'loss', colour: '#c0392b', values: records.map((r) => [r.step, r.loss] as const) },
    {
      label: 'reward (mean)',
      colour: '#2471a3',
      values: records.map((r) => [r.step, r.rewardMean] as const),
    },
  ];
  const steps = records.map((r) => r.step);
  const stepMin = Math.min(...steps, 0);
  const stepMax = Math.max(...steps, stepMin + 1);
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = panelHeight - MARGIN.top - MARGIN.bottom;
  const body = panels.map((panel, i) => {
    const top = i * panelHeight;
    const finite = panel.values.filter(([, v]) => Number.isFinite(v));
    const ys = finite.map(([, v]) => v);
    const lo = Math.min(...ys, Infinity);
    const hi = Math.max(...ys, -Infinity);
    const [yMin, yMax] = ys.length === 0 ? [0, 1] : lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
    const x = (s: number): number => MARGIN.left + ((s - stepMin) / (stepMax - stepMin)) * plotWidth;
    const y = (v: number): number => top + MARGIN.top + (1 - (v - yMin) / (yMax - yMin)) * plotHeight;
    const points = finite.map(([s, v]) => `${x(s).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    return [
      `<g class="panel" data-series="${panel.label}">`,
      `<text x="${MARGIN.left}" y="${top + 15}" font-size="13">${escapeXml(panel.label)}</text>`,
      `<rect x="${MARGIN.left}" y="${top + MARGIN.top}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#bbb"/>`,
      `<text x="${MARGIN.left - 4}" y="${top + MARGIN.top + 10}" font-size="10" text-anchor="end">${formatTick(yMax)}</text>`,
      `<text x="${MARGIN.left - 4}" y="${top + MARGIN.top + plotHeight}" font-size="10" text-anchor="end">${formatTick(yMin)}</text>`,
      `<text x="${MARGIN.left + plotWidth}" y="${top + panelHeight - 6}" font-size="10" text-anchor="end">step ${stepMax}</text>`,
      `<polyline fill="none" stroke="${panel.colour}" stroke-width="1.5" points="${points}"/>`,
      '</g>',
    ].join('');
  });
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${2 * panelHeight}" ` +
    `viewBox="0 0 ${width} ${2 * panelHeight}" font-family="sans-serif">${title}${body.join('')}</svg>`
  );
}

function formatTick(v: number): string {
  return Math.abs(v) >= 1000 || (v !== 0 && Math.abs(v) < 0.01)
    ? v.toExponential(1)
    : String(Number(v.toFixed(3)));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

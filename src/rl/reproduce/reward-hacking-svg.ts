import type { StepRecord } from '../train/index.js';

export interface RewardHackingOptions {
  width?: number;
  height?: number;
  title?: string;
}

const MARGIN = { left: 44, right: 12, top: 24, bottom: 22 };

/** x of a step and y of a 0-1 value inside the plot area (exported for the test's hand computation). */
export function plotPosition(
  step: number,
  value: number,
  steps: { min: number; max: number },
  size: { width: number; height: number },
): { x: number; y: number } {
  const plotWidth = size.width - MARGIN.left - MARGIN.right;
  const plotHeight = size.height - MARGIN.top - MARGIN.bottom;
  const span = Math.max(steps.max - steps.min, 1);
  return {
    x: MARGIN.left + ((step - steps.min) / span) * plotWidth,
    y: MARGIN.top + (1 - Math.min(1, Math.max(0, value))) * plotHeight,
  };
}

/**
 * The reward-hacking watch as a picture (issue 6, deliverable 5): per GRPO step, the judge's mean
 * reward and the oracle's mean score of the same edits (both 0-1, on one shared axis, so a judge that
 * is being gamed shows as a widening gap). Steps without an oracle score (a log from elsewhere) are
 * left out of the oracle line.
 */
export function rewardHackingSvg(records: readonly StepRecord[], options: RewardHackingOptions = {}): string {
  const size = { width: options.width ?? 640, height: options.height ?? 240 };
  const stepValues = records.map((r) => r.step);
  const steps = { min: Math.min(...stepValues, 0), max: Math.max(...stepValues, 1) };
  const line = (pick: (r: StepRecord) => number | undefined, colour: string, label: string) => {
    const points = records.flatMap((r) => {
      const v = pick(r);
      if (v === undefined || !Number.isFinite(v)) return [];
      const p = plotPosition(r.step, v, steps, size);
      return [`${p.x.toFixed(1)},${p.y.toFixed(1)}`];
    });
    return `<polyline data-series="${label}" fill="none" stroke="${colour}" stroke-width="1.5" points="${points.join(' ')}"/>`;
  };
  const topLeft = plotPosition(steps.min, 1, steps, size);
  const bottomRight = plotPosition(steps.max, 0, steps, size);
  const title = options.title ? `<title>${escapeXml(options.title)}</title>` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}" `,
    `viewBox="0 0 ${size.width} ${size.height}" font-family="sans-serif">${title}`,
    `<rect x="${topLeft.x}" y="${topLeft.y}" width="${bottomRight.x - topLeft.x}" height="${bottomRight.y - topLeft.y}" fill="none" stroke="#bbb"/>`,
    `<text x="${topLeft.x - 4}" y="${topLeft.y + 10}" font-size="10" text-anchor="end">1</text>`,
    `<text x="${topLeft.x - 4}" y="${bottomRight.y}" font-size="10" text-anchor="end">0</text>`,
    `<text x="${bottomRight.x}" y="${size.height - 6}" font-size="10" text-anchor="end">step ${steps.max}</text>`,
    `<text x="${topLeft.x}" y="15" font-size="12"><tspan fill="#2471a3">judge reward (mean)</tspan>`,
    ` <tspan fill="#1e8449">oracle score / 10 (mean)</tspan></text>`,
    line((r) => r.rewardMean, '#2471a3', 'judge reward'),
    line((r) => r.extra.oracleMean, '#1e8449', 'oracle score'),
    '</svg>',
  ].join('');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

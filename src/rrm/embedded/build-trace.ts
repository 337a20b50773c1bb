import type { AppliedRule, PointVerdict } from '../../core/index.js';
import type { PixelFacts } from '../../images/index.js';
import type { ScoreBreakdown } from './final-score.js';

const mark = (score: PointVerdict['score']): string => (score === 1 ? 'PASS' : score === 0 ? 'FAIL' : 'n/a ');

/** The embedded judge's reasoning, readable top to bottom: what it measured, each check, the arithmetic. */
export function buildTrace(parts: {
  facts: PixelFacts;
  points: readonly PointVerdict[];
  breakdown: ScoreBreakdown;
  rulesApplied: readonly AppliedRule[];
  finalScore: number;
}): string {
  const { facts, points, breakdown, rulesApplied, finalScore } = parts;
  const verified = points.filter((p) => p.score !== null);
  const passed = verified.filter((p) => p.score === 1).length;
  const lines = [
    `Embedded judge (offline, pixels and OCR): verified ${verified.length} of ${points.length} principles; ${points.length - verified.length} need a VLM.`,
    `Compared at ${facts.analysisWidth}x${facts.analysisHeight}: ${(facts.changedShare * 100).toFixed(1)}% of the frame changed, mean absolute difference ${facts.meanAbsDiff.toFixed(3)}, SSIM ${facts.ssim.toFixed(3)}.`,
    '',
    ...points.map((p, i) => `${i + 1}. ${mark(p.score)} [${p.category}] ${p.question}\n   ${p.reason ?? ''}`),
    '',
    verified.length > 0
      ? `Verified points passed: ${passed}/${verified.length} = ${(passed / verified.length).toFixed(3)}.`
      : 'No point was verified.',
    `Score before hard rules: ${breakdown.account}.`,
    ...rulesApplied.map((r) => `Hard rule '${r.rule}': ${r.reason}; the score is 0.`),
    `Final score: ${finalScore}.`,
  ];
  return lines.join('\n');
}

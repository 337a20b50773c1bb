import type { Category, PointVerdict } from '../core/index.js';
import { UsageError } from '../core/index.js';

/** The paper's category names, as the judge prompt lists them (prompt.ts keeps its own copy private). */
export const CATEGORY_LABELS: Record<Category, string> = {
  'instruction-following': 'Instruction Following',
  'feature-preservation': 'Feature Preservation',
  'image-quality': 'Image Quality',
};

export interface RrmTraceParts {
  /** The reasoning, principle by principle, written before the list. */
  reasoning: string;
  /** One per principle, in the principles' order; every one scored 0 or 1. */
  points: readonly PointVerdict[];
  /** 0-10. */
  finalScore: number;
}

/** Two decimals, as a model writes a mean (the parser accepts 0.01 of difference). */
const round2 = (x: number): number => Math.round(x * 100) / 100;

function scoreText(finalScore: number): string {
  if (!Number.isFinite(finalScore) || finalScore < 0 || finalScore > 10) {
    throw new UsageError(`the final score must be a number from 0 to 10, got ${finalScore}`);
  }
  const text = String(finalScore);
  // The parser reads plain decimals only; a score below 1e-6 prints in exponent form.
  if (/e/i.test(text)) {
    throw new UsageError(`the final score ${text} cannot be written as a plain decimal: round it`);
  }
  return text;
}

/**
 * A trace in the RRM output format the judge prompt asks for (prompt.ts OUTPUT_FORMAT): the reasoning,
 * the ```json list of {question, category, score, reason?, box?}, {"average_score": x}, then
 * <score>x</score> last. It is what SFT teaches a model to write, so parseJudgeReply reads back the same
 * points and final score (reasons are written trimmed, and an empty reason is left out, as the parser
 * reads them). A point without a 0/1 score cannot be written: a trace never leaves a principle open.
 */
export function formatRrmTrace(parts: RrmTraceParts): string {
  const { reasoning, points, finalScore } = parts;
  if (points.length === 0) throw new UsageError('formatRrmTrace needs at least one point');
  const unscored = points.filter((p) => p.score === null);
  if (unscored.length > 0) {
    throw new UsageError(
      `${unscored.length} point(s) have no 0/1 score (e.g. "${unscored[0]!.question}"): an RRM trace cannot leave a principle unscored; verify them or leave this trace out`,
    );
  }
  const items = points.map((p) => {
    const item: Record<string, unknown> = {
      question: p.question,
      category: CATEGORY_LABELS[p.category],
      score: p.score,
    };
    const reason = p.reason?.trim();
    if (reason) item.reason = reason;
    if (p.box) item.box = [p.box.x0, p.box.y0, p.box.x1, p.box.y1];
    return `  ${JSON.stringify(item)}`;
  });
  const average = round2(points.reduce((s, p) => s + p.score!, 0) / points.length);
  return [
    reasoning.trim(),
    ['```json', '[', items.join(',\n'), ']', '```'].join('\n'),
    JSON.stringify({ average_score: average }),
    `<score>${scoreText(finalScore)}</score>`,
  ]
    .filter((part) => part !== '')
    .join('\n\n');
}

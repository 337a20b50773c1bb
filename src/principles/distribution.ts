import { CATEGORIES, type Category } from '../core/index.js';

/** PAPER.md section 1: ten principles, 3-4 instruction-following, 3-4 feature-preservation, 2-3 image-quality. */
export const DISTRIBUTION = {
  total: 10,
  range: {
    'instruction-following': [3, 4],
    'feature-preservation': [3, 4],
    'image-quality': [2, 3],
  },
} as const satisfies { total: number; range: Record<Category, readonly [number, number]> };

export interface DistributionReport {
  total: number;
  counts: Record<Category, number>;
  /** What is wrong, each phrased so it can be sent back to a model as a correction; empty when valid. */
  problems: string[];
}

const RULE_TEXT = `exactly ${DISTRIBUTION.total} with ${CATEGORIES.map((c) => `${DISTRIBUTION.range[c][0]}-${DISTRIBUTION.range[c][1]} ${c}`).join(', ')}`;

/** Two questions that differ only in case, spacing or end punctuation ask the same thing. */
function questionKey(question: string): string {
  return question
    .toLowerCase()
    .replace(/[\s?.!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Checks a decomposition against the target distribution and for empty or repeated questions. */
export function checkDistribution(
  principles: readonly { question: string; category: Category }[],
): DistributionReport {
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const p of principles) counts[p.category] += 1;
  const problems: string[] = [];

  const splitOk = CATEGORIES.every((c) => {
    const [lo, hi] = DISTRIBUTION.range[c];
    return counts[c] >= lo && counts[c] <= hi;
  });
  if (principles.length !== DISTRIBUTION.total || !splitOk) {
    const split = CATEGORIES.map((c) => `${counts[c]} ${c}`).join(', ');
    problems.push(`you gave ${principles.length} principles (${split}); give ${RULE_TEXT}`);
  }

  const seen = new Map<string, number>();
  principles.forEach((p, i) => {
    const key = questionKey(p.question);
    if (key === '') {
      problems.push(`principle ${i + 1} has an empty question`);
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(`principles ${first + 1} and ${i + 1} ask the same question ("${p.question.trim()}")`);
    } else {
      seen.set(key, i);
    }
  });
  return { total: principles.length, counts, problems };
}

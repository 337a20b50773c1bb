import Table from 'cli-table3';
import type { Category, EnsembleSummary, Principle, PointVerdict, Verdict } from '../core/index.js';
import type { Colors, Palette } from './palette.js';

const CATEGORY_LABEL: Record<Category, string> = {
  'instruction-following': 'follow',
  'feature-preservation': 'keep',
  'image-quality': 'quality',
};

function verdictCell(score: PointVerdict['score'], c: Colors): string {
  if (score === 1) return c.green('yes');
  if (score === 0) return c.red('no');
  return c.yellow('unverified');
}

/** The per-principle table and the score lines a person reads after `edit-r1 score`. */
export function formatVerdict(verdict: Verdict, palette: Palette, summary?: EnsembleSummary): string {
  const c = palette.colors;
  const table = new Table({
    head: ['#', 'category', 'principle', 'verdict', 'reason'],
    colWidths: [4, 10, 44, 12, 48],
    wordWrap: true,
    style: palette.table,
  });
  verdict.points.forEach((p, i) => {
    table.push([
      String(i + 1),
      CATEGORY_LABEL[p.category],
      p.question,
      verdictCell(p.score, c),
      p.reason ?? '',
    ]);
  });
  const verified = verdict.points.filter((p) => p.score !== null).length;
  const lines = [table.toString()];
  const average = verdict.averageScore === null ? 'n/a' : verdict.averageScore.toFixed(2);
  const score = summary ? summary.mean : verdict.finalScore;
  lines.push(
    `${c.bold('Final score')}: ${c.bold(score.toFixed(2))} / 10   average ${average}   verified ${verified}/${verdict.points.length}   judge ${verdict.judge}`,
  );
  if (verdict.expectedScore !== undefined)
    lines.push(`Expected score from logprobs: ${verdict.expectedScore.toFixed(2)}`);
  for (const rule of verdict.rulesApplied)
    lines.push(`${c.red('Rule applied')}: ${rule.rule}: ${rule.reason}`);
  if (summary) {
    lines.push(
      `Samples: ${summary.parsed}/${summary.n} parsed (${(summary.failedShare * 100).toFixed(0)}% failed); mean ${summary.mean.toFixed(2)}, median ${summary.median.toFixed(2)}, std ${summary.std.toFixed(2)}, range ${summary.min.toFixed(1)}-${summary.max.toFixed(1)}`,
    );
  }
  return lines.join('\n');
}

/** The principles table `edit-r1 decompose` prints. */
export function formatPrinciples(principles: readonly Principle[], palette: Palette): string {
  const table = new Table({
    head: ['#', 'category', 'principle', 'offline check'],
    colWidths: [4, 10, 60, 40],
    wordWrap: true,
    style: palette.table,
  });
  principles.forEach((p, i) => {
    table.push([
      String(i + 1),
      CATEGORY_LABEL[p.category],
      p.question,
      p.check ? JSON.stringify(p.check) : '',
    ]);
  });
  return table.toString();
}

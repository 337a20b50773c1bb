import type { DatasetCard } from './dataset-card.js';

/** Longest bar of the histogram, in characters. */
const BAR_WIDTH = 40;

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** A bar proportional to `count`, at least one block for any non-zero count so no bin looks empty by rounding. */
function bar(count: number, max: number): string {
  if (count === 0) return '';
  return '█'.repeat(Math.max(1, Math.round((count / max) * BAR_WIDTH)));
}

function finalScoreChart(card: DatasetCard): string[] {
  const max = Math.max(0, ...card.finalScores.map((b) => b.count));
  return card.finalScores.map((b, i) => {
    const label = `[${b.from}, ${b.to}${i === card.finalScores.length - 1 ? ']' : ')'}`.padEnd(7);
    return `${label} ${bar(b.count, max).padEnd(BAR_WIDTH)} ${b.count}`;
  });
}

/** A table cell: a `|` inside a category or model name would otherwise end the cell. */
const cell = (value: string | number) => String(value).replaceAll('|', '\\|');

function table(header: string[], rows: Array<Array<string | number>>): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

/** The dataset card as Markdown (README.md of the export), from the same numbers as card.json. */
export function renderCardReadme(card: DatasetCard, format: { description: string; usage: string }): string {
  const { leftOut } = card;
  const lines = [
    `# ${card.datasetName}`,
    '',
    'Cold-start SFT data for an Edit-R1 reasoning reward model (PAPER.md section 3): each example is the',
    'verifier prompt (system prompt, source and edited images, instruction, principles) with the most',
    'accurate "think + score" trace of the trace pool, as judged against the verifier\'s gold labels.',
    '',
    `Format: \`${card.format}\`, ${format.description}. Images are in \`images/\`, named by content hash.`,
    '',
    format.usage,
    '',
    '## Selection',
    '',
    `- Quadruples: ${card.quadruples}; kept: ${card.kept}; left out: ${leftOut.belowMinAccuracy + leftOut.mediaTokenInText}.`,
    `- Minimum accuracy of the kept trace: ${card.minAccuracy}. Quadruples with no trace at or above it (left out): ${leftOut.belowMinAccuracy}` +
      (card.shareBelowMinAccuracy === null ? '.' : ` (${percent(card.shareBelowMinAccuracy)}).`),
    `- Left out because their text holds a literal \`<image>\`, \`<video>\` or \`<audio>\` placeholder: ${leftOut.mediaTokenInText}.`,
    '',
    '## Per category',
    '',
    ...table(
      ['category', 'kept', 'left out'],
      card.categories.map((c) => [c.category, c.kept, c.leftOut]),
    ),
    '',
    '## Final score of the kept traces',
    '',
    '```',
    ...finalScoreChart(card),
    '```',
    '',
    '## Accuracy against gold',
    '',
    'Selected trace of each quadruple (kept or left out), and every trace of the pool.',
    '',
    ...table(
      ['accuracy', 'selected, kept', 'selected, left out', 'all traces'],
      card.accuracy.map((b, i) => [
        `[${b.from.toFixed(1)}, ${b.to.toFixed(1)}${i === card.accuracy.length - 1 ? ']' : ')'}`,
        b.kept,
        b.leftOut,
        b.traces,
      ]),
    ),
    '',
    '## Kept traces per trace-pool member',
    '',
    ...table(
      ['model', 'prompt variant', 'kept'],
      card.members.map((m) => [m.model, m.promptVariant, m.kept]),
    ),
    '',
  ];
  return lines.join('\n');
}

import type { BenchPairResult, BenchResult, EditJudgement, Interval } from './types.js';
import { categoryBarsSvg, type BarRow } from './category-bars-svg.js';
import { escapeHtml } from './escape-html.js';
import { scoreHistogramSvg } from './score-histogram-svg.js';
import type { JudgedPair } from './worst-pairs.js';

/** Thumbnails as data URLs (null: the image could not be read). */
export interface PairThumbnails {
  source: string | null;
  a: string | null;
  b: string | null;
}

export interface ReportInputs {
  /** Bootstrap interval of each category's accuracy. */
  categoryIntervals: Record<string, Interval | null>;
  worst: { pair: JudgedPair; thumbnails: PairThumbnails }[];
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#1d232b;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #d5dae0;padding-bottom:4px}
table.summary td{padding:3px 14px 3px 0}table.summary td:first-child{color:#5a6573}
svg text{font:12px system-ui,sans-serif;fill:#1d232b}.tick{fill:#5a6573}.grid{stroke:#e4e8ec}.axis{stroke:#8a95a3}
.bar{fill:#4f7cac}.whisker{stroke:#1d232b;stroke-width:1.5}.preferred{fill:#3b9c6e}.rejected{fill:#c9553f}
.pair{border:1px solid #d5dae0;border-radius:6px;padding:12px;margin:14px 0}
.pair .head{color:#5a6573}.images{display:flex;gap:12px;flex-wrap:wrap;margin:8px 0}
figure{margin:0}figcaption{font-size:12px;color:#5a6573;max-width:256px}
img{display:block;max-width:256px;max-height:256px;border:1px solid #d5dae0}
.missing{width:160px;height:100px;display:flex;align-items:center;justify-content:center;background:#f1f3f5;color:#8a95a3}
.points{display:flex;gap:24px;flex-wrap:wrap}.points div{flex:1;min-width:300px}
.points li{margin:2px 0}.why{color:#5a6573}.win{color:#3b9c6e;font-weight:600}
`;

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function interval(ci: Interval | null): string {
  return ci === null ? '' : ` (95% CI ${percent(ci[0])} to ${percent(ci[1])})`;
}

function figure(url: string | null, caption: string): string {
  const picture =
    url === null ? '<div class="missing">image unavailable</div>' : `<img src="${escapeHtml(url)}" alt="">`;
  return `<figure>${picture}<figcaption>${caption}</figcaption></figure>`;
}

/** What the verdict held against an edit: its unmet points with reasons, and any hard rule. */
function failingPoints(judged: EditJudgement): string {
  const items = [
    ...judged.verdict.rulesApplied.map(
      (r) => `<li>rule ${escapeHtml(r.rule)}: <span class="why">${escapeHtml(r.reason)}</span></li>`,
    ),
    ...judged.verdict.points
      .filter((p) => p.score === 0)
      .map(
        (p) =>
          `<li>${escapeHtml(p.question)}${p.reason ? ` <span class="why">${escapeHtml(p.reason)}</span>` : ''}</li>`,
      ),
  ];
  return items.length === 0 ? '<p class="why">no unmet point</p>' : `<ul>${items.join('')}</ul>`;
}

function pairCard({ pair, thumbnails }: ReportInputs['worst'][number]): string {
  const side = (name: 'a' | 'b', judged: EditJudgement) =>
    `edit ${name.toUpperCase()}: score ${judged.score.toFixed(2)}${pair.preference === name ? ' <span class="win">(preferred)</span>' : ''}`;
  return `<section class="pair">
<div class="head">${escapeHtml(pair.id)} · ${escapeHtml(pair.category)} · line ${pair.line}</div>
<div><b>${escapeHtml(pair.instruction)}</b></div>
<div class="images">${figure(thumbnails.source, 'source')}${figure(thumbnails.a, side('a', pair.judgedA))}${figure(thumbnails.b, side('b', pair.judgedB))}</div>
<div class="points"><div><b>A: unmet</b>${failingPoints(pair.judgedA)}</div><div><b>B: unmet</b>${failingPoints(pair.judgedB)}</div></div>
</section>`;
}

/**
 * The bench report as one self-contained HTML page: no script, no external resource; charts are inline
 * SVG, pictures data URLs, and every text that came from the data or a model is escaped.
 */
export function renderBenchReport(result: BenchResult, inputs: ReportInputs): string {
  const rows: BarRow[] = [];
  if (result.accuracy !== null)
    rows.push({ label: 'all pairs', n: result.n, accuracy: result.accuracy, interval: result.ci95 });
  if (result.macroAccuracy !== null) {
    rows.push({
      label: 'macro average',
      n: result.n,
      accuracy: result.macroAccuracy,
      interval: result.macroCi95,
    });
  }
  for (const [name, group] of Object.entries(result.perCategory)) {
    if (group.accuracy !== null) {
      rows.push({
        label: name,
        n: group.n,
        accuracy: group.accuracy,
        interval: inputs.categoryIntervals[name] ?? null,
      });
    }
  }
  const preferred: number[] = [];
  const rejected: number[] = [];
  for (const p of result.pairs) {
    if (p.status !== 'ok' || p.preference === 'same') continue;
    const [win, lose] = p.preference === 'a' ? [p.judgedA, p.judgedB] : [p.judgedB, p.judgedA];
    preferred.push(win.score);
    rejected.push(lose.score);
  }
  const failed = result.pairs.filter(
    (p): p is Extract<BenchPairResult, { status: 'failed' }> => p.status === 'failed',
  );
  const summary = [
    ['judge', escapeHtml(result.judge)],
    ['a/b pairs', String(result.n)],
    ['strict accuracy', `${percent(result.accuracy)}${interval(result.ci95)}`],
    ['macro accuracy', `${percent(result.macroAccuracy)}${interval(result.macroCi95)}`],
    [
      'accuracy with ties',
      `${percent(result.accuracyWithTies)}${result.tieMargin === null ? '' : ` at margin ${result.tieMargin.toFixed(3)}`}`,
    ],
    ["'same' pairs", String(result.same)],
    ['failed pairs', String(result.failed)],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>edit-r1 bench: ${escapeHtml(result.judge)}</title><style>${CSS}</style></head><body>
<h1>Reward-model benchmark</h1>
<table class="summary">${summary.map(([k, v]) => `<tr><td>${k}</td><td>${v}</td></tr>`).join('')}</table>
<h2>Accuracy per category</h2>
<p class="why">Strict: the preferred edit must score strictly higher. Whiskers: bootstrap 95% intervals.</p>
${rows.length === 0 ? '<p>No a/b pair was scored.</p>' : categoryBarsSvg(rows)}
<h2>Scores of preferred and rejected edits</h2>
${scoreHistogramSvg(preferred, rejected)}
<h2>Worst-judged pairs</h2>
<p class="why">Pairs ranked the wrong way (or tied), the largest score gap first.</p>
${inputs.worst.length === 0 ? '<p>None: every a/b pair was ranked the right way.</p>' : inputs.worst.map(pairCard).join('\n')}
${
  failed.length === 0
    ? ''
    : `<h2>Failed pairs (${failed.length})</h2><ul>${failed
        .map((p) => `<li>${escapeHtml(p.id)} (line ${p.line}): ${escapeHtml(p.error)}</li>`)
        .join('')}</ul>`
}
</body></html>
`;
}

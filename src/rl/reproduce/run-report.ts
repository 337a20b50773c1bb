import { readFile, writeFile } from 'node:fs/promises';
import type { SftEpochRecord } from '../rrm/index.js';
import { learningCurveSvg, type StepRecord } from '../train/index.js';
import { rewardHackingSvg } from './reward-hacking-svg.js';

/** A line of a run's log.jsonl: a trainer step (GCPO, GRPO) or an SFT epoch. */
export type LogRecord = StepRecord | SftEpochRecord;

/** Reads a run's JSONL log (a resumed run appends to it, so this is the whole run). */
export async function readRunLog(file: string): Promise<LogRecord[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as LogRecord);
}

const isSft = (r: LogRecord): r is SftEpochRecord => r.algorithm === 'sft';

/**
 * SFT epochs in the learning curve's shape: training loss above, held-out token accuracy in the lower
 * panel (the report's caption says so), so one plot serves every run.
 */
function sftAsSteps(records: readonly SftEpochRecord[]): StepRecord[] {
  return records.map((r) => ({
    algorithm: 'sft',
    step: r.epoch,
    loss: r.loss,
    rewardMean: r.validationTokenAccuracy ?? Number.NaN,
    rewardStd: 0,
    advantageMean: 0,
    advantageStd: 0,
    advantageMin: 0,
    advantageMax: 0,
    clipFraction: 0,
    approxKl: 0,
    klRef: null,
    entropy: null,
    traceLength: 0,
    lr: 0,
    gradNorm: 0,
    skippedUpdates: 0,
    seconds: r.seconds,
    extra: {},
  }));
}

export interface RunReportInput {
  title: string;
  records: readonly LogRecord[];
  /** Settings and outcomes shown as a table above the plots. */
  facts: ReadonlyArray<readonly [string, string]>;
}

/**
 * One run's HTML report: its facts, the learning curve (learningCurveSvg), and for an editor run (steps
 * whose records carry the oracle's score) the judge-reward-vs-oracle plot of the reward-hacking watch.
 */
export function runReportHtml(input: RunReportInput): string {
  const sft = input.records.filter(isSft);
  const steps = input.records.filter((r): r is StepRecord => !isSft(r));
  const curve =
    sft.length > 0
      ? `<h2>Learning curve</h2><p>Per epoch: teacher-forced token cross-entropy (top) and held-out greedy token accuracy (bottom, labelled "reward").</p>${learningCurveSvg(sftAsSteps(sft))}`
      : `<h2>Learning curve</h2><p>Per step: loss (top) and mean reward (bottom).</p>${learningCurveSvg(steps)}`;
  const watched = steps.some((r) => r.extra.oracleMean !== undefined);
  const hacking = watched
    ? `<h2>Reward-hacking watch</h2><p>The judge's mean reward beside the oracle's mean score of the same edits (never used for training). A judge being gamed shows as reward rising while the oracle does not.</p>${rewardHackingSvg(steps)}`
    : '';
  const rows = input.facts.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(input.title)}</title>`,
    '<style>body{font-family:sans-serif;max-width:720px;margin:2em auto}th{text-align:left;padding-right:1em}</style>',
    `</head><body><h1>${escapeHtml(input.title)}</h1><table>${rows.join('')}</table>`,
    curve,
    hacking,
    '</body></html>',
  ].join('\n');
}

/** Reads the run's log and writes report.html. */
export async function writeRunReport(
  file: string,
  logFile: string,
  input: Omit<RunReportInput, 'records'>,
): Promise<void> {
  await writeFile(file, runReportHtml({ ...input, records: await readRunLog(logFile) }));
}

function escapeHtml(text: string): string {
  return text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}

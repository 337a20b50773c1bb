import Table from 'cli-table3';
import cliProgress from 'cli-progress';
import { Command } from 'commander';
import {
  runBench,
  writeBenchReport,
  type BenchResult,
  type BenchSummary,
  type Interval,
} from '../../bench/index.js';
import { createJudge } from '../../create-judge.js';
import type { CliContext } from '../context.js';
import { addJudgeFlags, judgeConfigFromFlags, type JudgeFlags } from '../judge-flags.js';
import { judgeFingerprint } from '../judge-fingerprint.js';
import { parsePositiveInteger } from '../parse-flags.js';
import type { Palette } from '../palette.js';

interface BenchFlags extends JudgeFlags {
  pairs: string;
  json?: boolean;
  report?: string;
  samples: number;
  /** A file, false for --no-cache, undefined for the default beside the pairs file. */
  cache?: string | false;
}

/** Edits judged at once when --concurrency is not given. */
const DEFAULT_CONCURRENCY = 4;
/** Failed pairs listed one a line on stderr; the rest are counted. */
const FAILURES_LISTED = 5;

/** A progress bar on `stream`, only when it is a terminal (piped or captured stderr gets nothing). */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }) {
  if (stream.isTTY !== true) return undefined;
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format: 'judging {bar} {value}/{total} edits, eta {eta_formatted}',
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done: number, total: number): void {
      if (!started) bar.start(total, 0);
      started = true;
      bar.update(done);
    },
    stop(): void {
      if (started) bar.stop();
    },
  };
}

/** `--json`: the library result without its per-pair details. */
export function benchJson(result: BenchResult): BenchSummary {
  const { pairs: _pairs, ...summary } = result;
  return summary;
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`;
}

function ci(interval: Interval | null): string {
  return interval === null ? '' : `  95% CI ${percent(interval[0])} to ${percent(interval[1])}`;
}

/** The per-category table and the summary lines a person reads after `edit-r1 bench`. */
export function formatBench(result: BenchSummary, palette: Palette): string {
  const c = palette.colors;
  const table = new Table({ head: ['category', 'n', 'accuracy'], style: palette.table });
  for (const [name, group] of Object.entries(result.perCategory)) {
    table.push([
      name,
      String(group.n),
      group.accuracy === null ? "n/a ('same' only)" : percent(group.accuracy),
    ]);
  }
  const categories = Object.values(result.perCategory).filter((g) => g.accuracy !== null).length;
  const lines = [
    table.toString(),
    `${c.bold('Accuracy (strict)')}: ${c.bold(percent(result.accuracy))}${ci(result.ci95)}  over ${result.n} a/b pairs`,
    `Accuracy with ties: ${percent(result.accuracyWithTies)}${
      result.tieMargin === null ? '' : ` at tie margin ${result.tieMargin.toFixed(2)}`
    }  over ${result.n + result.same} pairs (${result.same} 'same')`,
    `Macro accuracy: ${percent(result.macroAccuracy)}${ci(result.macroCi95)}  over ${categories} categories`,
    `${result.failed > 0 ? c.red('Failed') : 'Failed'}: ${result.failed} pairs   judge ${result.judge}`,
  ];
  return lines.join('\n');
}

/** `edit-r1 bench`: a judge's pairwise accuracy on human (or oracle) preference pairs. */
export function benchCommand(context: CliContext): Command {
  const command = new Command('bench')
    .description('measure a judge as a reward model: pairwise accuracy on preference pairs (pairs.jsonl)')
    .requiredOption(
      '--pairs <file>',
      'pairs.jsonl: {id, category?, instruction, source, a, b, preference, principles?} a line',
    )
    .option('--json', 'print the results as JSON')
    .option(
      '--report <file>',
      'write an HTML report: accuracy per category, score histograms, worst-judged pairs',
    )
    .option('--samples <n>', 'judgements per edit; the score is their mean', parsePositiveInteger, 1)
    .option('--cache <file>', 'verdict cache, reused by reruns (default: <pairs file>.verdicts.jsonl)')
    .option('--no-cache', 'judge every edit afresh and keep no cache');
  addJudgeFlags(command);
  return command.action(async (flags: BenchFlags) => {
    const { io, palette } = context;
    const config = judgeConfigFromFlags(flags, context);
    const judge = createJudge(config);
    const progress = progressBar(process.stderr);
    let result: BenchResult;
    try {
      result = await runBench({
        pairsFile: flags.pairs,
        judge,
        samples: flags.samples,
        seed: flags.seed,
        concurrency: flags.concurrency ?? DEFAULT_CONCURRENCY,
        cacheFile: flags.cache,
        judgeFingerprint: judgeFingerprint(config),
        onProgress: progress?.update,
      });
    } finally {
      progress?.stop();
    }
    const failures = result.pairs.filter((p) => p.status === 'failed');
    for (const p of failures.slice(0, FAILURES_LISTED))
      io.err(`failed pair ${p.id} (line ${p.line}): ${p.error}`);
    if (failures.length > FAILURES_LISTED)
      io.err(`... and ${failures.length - FAILURES_LISTED} more failed pairs`);
    // Nothing scored: the run measured nothing, and the first failure says why (with its exit status).
    if (failures.length === result.pairs.length) throw failures[0]!.cause;
    if (flags.report) await writeBenchReport(result, flags.report, { seed: flags.seed });
    io.out(flags.json ? JSON.stringify(benchJson(result), null, 2) : formatBench(result, palette));
    if (flags.report && !flags.json) io.out(`report: ${flags.report}`);
  });
}

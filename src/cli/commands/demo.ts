import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { runBench, writeBenchReport, type BenchPairResult } from '../../bench/index.js';
import { createJudge } from '../../create-judge.js';
import { DEFAULT_FAILURE_MIX, writeWorld } from '../../world/index.js';
import type { CliContext } from '../context.js';
import { formatVerdict } from '../format-verdict.js';
import { parseInteger, parsePositiveInteger } from '../parse-flags.js';
import { formatBench } from './bench.js';

interface DemoFlags {
  out: string;
  pairs: number;
  seed: number;
}

/** The pair shown in full: the first a/b pair whose two edits got different scores, so the verdict has something to say. */
function pairToShow(pairs: readonly BenchPairResult[]): BenchPairResult | undefined {
  return pairs.find(
    (p) => p.status === 'ok' && p.preference !== 'same' && p.judgedA.score !== p.judgedB.score,
  );
}

/**
 * `npm start`: everything offline, in under a minute: writes an EditWorld benchmark (scenes, edits with
 * known failure modes, oracle preference pairs), measures the embedded judge on it, prints the accuracy
 * table and one pair's verdict, and writes the HTML report.
 */
export function demoCommand(context: CliContext): Command {
  const { io, palette } = context;
  return new Command('demo')
    .description(
      'generate an EditWorld benchmark, measure the embedded judge on it, write a report (offline)',
    )
    .option('--out <dir>', 'where to write the world and the report', 'out/demo')
    .option('--pairs <n>', 'preference pairs to generate', parsePositiveInteger, 200)
    .option('--seed <n>', 'world seed', parseInteger, 7)
    .action(async (flags: DemoFlags) => {
      const out = resolve(flags.out);
      const worldDir = join(out, 'world');
      const started = performance.now();
      const written = await writeWorld(worldDir, {
        pairs: flags.pairs,
        seed: flags.seed,
        size: 256,
        candidatesPerSource: 3,
        mix: DEFAULT_FAILURE_MIX,
        noise: 0.05,
        sameMargin: 0.5,
      });
      const pairsFile = join(worldDir, 'pairs.jsonl');
      io.out(`EditWorld: ${written.pairs} pairs over ${written.images} images in ${worldDir}`);

      // No cache: the demo shows the judge at work, and the world it judges was just rewritten.
      const result = await runBench({
        pairsFile,
        judge: createJudge({ backend: 'embedded' }),
        cacheFile: false,
      });
      io.out(`\nThe embedded judge against the oracle's preferences:\n${formatBench(result, palette)}`);

      const shown = pairToShow(result.pairs);
      if (shown?.status === 'ok') {
        io.out(
          `\nPair ${shown.id} (${shown.category}): "${shown.instruction}"; the oracle preferred ${shown.preference}`,
        );
        io.out(`  source ${shown.source}\n  a      ${shown.a} (scored ${shown.judgedA.score.toFixed(1)})`);
        io.out(`  b      ${shown.b} (scored ${shown.judgedB.score.toFixed(1)}); the verdict on a:`);
        io.out(formatVerdict(shown.judgedA.verdict, palette));
      }
      const report = join(out, 'report.html');
      await writeBenchReport(result, report, {});
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      io.out(`\nReport: ${report} (${seconds} s in all)`);
      io.out(
        'Measure a VLM the same way: edit-r1 bench --pairs ' +
          pairsFile +
          ' --backend openai --base-url <url> --model <vlm>',
      );
    });
}

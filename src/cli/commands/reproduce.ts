import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import { Command } from 'commander';
import { reproduce } from '../../rl/index.js';
import type { CliContext } from '../context.js';
import { parseInteger } from '../parse-flags.js';

interface ReproduceFlags {
  seed: number;
  out?: string;
  quick?: boolean;
}

/** `edit-r1 reproduce`: issue 6's table end to end on EditWorld, written to docs/RESULTS.md and docs/results.json. */
export function reproduceCommand(context: CliContext): Command {
  return new Command('reproduce')
    .description(
      "reproduce the paper's claims on EditWorld end to end; writes docs/RESULTS.md and docs/results.json",
    )
    .option(
      '--seed <n>',
      'selects the held-out EditWorld seeds the RRMs and editors are evaluated on',
      parseInteger,
      100,
    )
    .option('--out <dir>', 'folder for the data and the training runs (default out/reproduce, git-ignored)')
    .option('--quick', 'a toy-sized run to check the plumbing: writes results into --out, never into docs/')
    .action(async (flags: ReproduceFlags) => {
      const { io } = context;
      const out = resolve(
        flags.out ?? (flags.quick ? join(tmpdir(), `edit-r1-reproduce-${process.pid}`) : 'out/reproduce'),
      );
      const docsDir = flags.quick ? out : resolve('docs');
      const command = [
        'npx edit-r1 reproduce',
        `--seed ${flags.seed}`,
        ...(flags.quick ? ['--quick'] : []),
      ].join(' ');
      const report = await reproduce({
        seed: flags.seed,
        out,
        quick: flags.quick === true,
        docsDir,
        command,
        log: (line) => io.err(line),
      });
      const r = report.results;
      const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
      io.out(
        [
          `RRM accuracy: SFT ${pct(r.rrm.sftAccuracy)}, SFT+GCPO ${pct(r.rrm.gcpoAccuracy)}, difference 95% CI ${
            r.rrm.diffCi95 ? r.rrm.diffCi95.map(pct).join(' to ') : 'n/a'
          }; mean score SFT ${r.rrm.sftMeanScore.toFixed(2)}, GCPO ${r.rrm.gcpoMeanScore.toFixed(2)}`,
          `Editor: GSB ${pct(r.editor.gsb)} (95% CI ${r.editor.gsbCi95 ? r.editor.gsbCi95.map(pct).join(' to ') : 'n/a'}); ` +
            `oracle base ${r.editor.oracleBase.toFixed(2)}, GRPO+RRM ${r.editor.oracleGrpoRrm.toFixed(2)}, GRPO+holistic ${r.editor.oracleGrpoHolistic.toFixed(2)}`,
          `wrote ${join(docsDir, 'RESULTS.md')} and ${join(docsDir, 'results.json')} in ${(report.totalSeconds / 60).toFixed(1)} min; runs in ${out}`,
        ].join('\n'),
      );
    });
}

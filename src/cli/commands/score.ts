import { Command } from 'commander';
import type { SampleSet, Verdict } from '../../core/index.js';
import { createJudge } from '../../create-judge.js';
import type { CliContext } from '../context.js';
import { formatVerdict } from '../format-verdict.js';
import { addJudgeFlags, judgeConfigFromFlags, type JudgeFlags } from '../judge-flags.js';
import { parsePositiveInteger } from '../parse-flags.js';
import { readPrinciplesFile } from '../read-principles.js';

interface ScoreFlags extends JudgeFlags {
  source: string;
  edited: string;
  instruction: string;
  principles?: string;
  samples: number;
  json?: boolean;
}

/** The sample whose final score is nearest the median stands for the set in the table and in `points`. */
function representative(set: SampleSet): Verdict {
  const { median } = set.summary;
  return set.verdicts.reduce((best, v) =>
    Math.abs(v.finalScore - median) < Math.abs(best.finalScore - median) ? v : best,
  );
}

/**
 * The `--json` shape of `score`: {finalScore, averageScore, points: [{question, category, score, reason}],
 * rulesApplied, judge, verifiedShare, expectedScore?, samples?}. A point without a reason has `reason: null`,
 * so every point has the same keys; `samples` appears only for --samples > 1.
 */
export function scoreJson(verdict: Verdict, set?: SampleSet): Record<string, unknown> {
  return {
    finalScore: set ? set.summary.mean : verdict.finalScore,
    averageScore: verdict.averageScore,
    points: verdict.points.map(({ question, category, score, reason }) => ({
      question,
      category,
      score,
      reason: reason ?? null,
    })),
    rulesApplied: verdict.rulesApplied,
    judge: verdict.judge,
    verifiedShare: verdict.verifiedShare,
    ...(verdict.expectedScore === undefined ? {} : { expectedScore: verdict.expectedScore }),
    ...(set
      ? {
          samples: {
            ...set.summary,
            scores: set.verdicts.map((v) => v.finalScore),
            failures: set.failures.map(({ index, error }) => ({ index, error })),
          },
        }
      : {}),
  };
}

export function scoreCommand(context: CliContext): Command {
  const command = new Command('score')
    .description('score an edit: principles, a yes/no verdict for each, and a 0-10 final score')
    .requiredOption('--source <image>', 'the image before the edit (path or data URL)')
    .requiredOption('--edited <image>', 'the edited image (path or data URL)')
    .requiredOption('--instruction <text>', 'the edit instruction')
    .option('--principles <file>', 'JSON array of {question, category} to judge against (else decomposed)')
    .option('--samples <n>', 'independent judgements to draw and summarise (Avg@N)', parsePositiveInteger, 1)
    .option('--json', 'print machine-readable JSON');
  addJudgeFlags(command);
  return command.action(async (flags: ScoreFlags) => {
    const judge = createJudge(judgeConfigFromFlags(flags, context));
    const { io, palette } = context;
    const input = {
      source: flags.source,
      edited: flags.edited,
      instruction: flags.instruction,
      ...(flags.principles ? { principles: await readPrinciplesFile(flags.principles) } : {}),
    };
    const options = flags.seed === undefined ? {} : { seed: flags.seed };
    if (flags.samples > 1) {
      const set = await judge.sample(input, flags.samples, options);
      const verdict = representative(set);
      io.out(
        flags.json
          ? JSON.stringify(scoreJson(verdict, set), null, 2)
          : formatVerdict(verdict, palette, set.summary),
      );
      return;
    }
    const verdict = await judge.judge(input, options);
    io.out(flags.json ? JSON.stringify(scoreJson(verdict), null, 2) : formatVerdict(verdict, palette));
  });
}

import { Command } from 'commander';
import { createJudgeAndDecomposer } from '../../create-judge.js';
import { loadImage } from '../../images/index.js';
import type { CliContext } from '../context.js';
import { formatPrinciples } from '../format-verdict.js';
import { addJudgeFlags, judgeConfigFromFlags, type JudgeFlags } from '../judge-flags.js';

interface DecomposeFlags extends JudgeFlags {
  source: string;
  instruction: string;
  json?: boolean;
}

export function decomposeCommand(context: CliContext): Command {
  const command = new Command('decompose')
    .description('split an edit instruction into yes/no principles (follow / keep / quality)')
    .requiredOption('--source <image>', 'the image before the edit (path or data URL)')
    .requiredOption('--instruction <text>', 'the edit instruction')
    .option('--json', 'print the principles as JSON (usable as --principles for score)');
  addJudgeFlags(command);
  return command.action(async (flags: DecomposeFlags) => {
    const config = judgeConfigFromFlags(flags, context);
    const { decomposer } = createJudgeAndDecomposer(config);
    // The rule decomposer never looks at the image; a wrong path should still fail, not print principles.
    await loadImage(flags.source, config.imageLimits);
    const principles = await decomposer.decompose(
      { source: flags.source, instruction: flags.instruction },
      flags.seed === undefined ? {} : { seed: flags.seed },
    );
    context.io.out(
      flags.json ? JSON.stringify(principles, null, 2) : formatPrinciples(principles, context.palette),
    );
  });
}

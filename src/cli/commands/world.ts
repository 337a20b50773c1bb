import { resolve } from 'node:path';
import { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { DEFAULT_FAILURE_MIX, validateFailureMix, writeWorld, type FailureMode } from '../../world/index.js';
import type { CliContext } from '../context.js';
import { parseInteger, parseNumber, parsePositiveInteger } from '../parse-flags.js';

interface GenerateFlags {
  out: string;
  pairs: number;
  seed: number;
  size: number;
  candidates: number;
  noise: number;
  sameMargin: number;
  mix: Record<FailureMode, number>;
}

/** `--mix perfect=0.5,no-op=0.1`: weights over the default mix (docs: src/world/editors/failure-mix.ts). */
export function parseMix(value: string): Record<FailureMode, number> {
  const mix: Record<string, number> = { ...DEFAULT_FAILURE_MIX };
  for (const part of value.split(',').filter((p) => p.trim() !== '')) {
    const [mode, weight] = part.split('=').map((s) => s.trim());
    if (!mode || weight === undefined || weight === '' || !Number.isFinite(Number(weight))) {
      throw new InvalidArgumentError(
        `expected mode=weight pairs such as 'perfect=0.5,no-op=0.1', got '${part}'`,
      );
    }
    mix[mode] = Number(weight);
  }
  try {
    return validateFailureMix(mix, '--mix');
  } catch (error) {
    throw new InvalidArgumentError(error instanceof Error ? error.message : String(error));
  }
}

/** `edit-r1 world generate`: an EditWorld benchmark on disk (images, pairs.jsonl, world.jsonl). */
export function worldCommand(context: CliContext): Command {
  const { io } = context;
  const world = new Command('world').description(
    'EditWorld: procedural scenes, edits and preference pairs with known truth',
  );
  world
    .command('generate')
    .description('write scenes, candidate edits and oracle-labelled preference pairs')
    .requiredOption('--out <dir>', 'folder to write images/, pairs.jsonl and world.jsonl into')
    .option('--pairs <n>', 'number of preference pairs', parsePositiveInteger, 1000)
    .option('--seed <n>', 'seed: the same seed writes byte-identical files', parseInteger, 7)
    .option('--size <px>', 'side of every square image, 64 to 1024', parsePositiveInteger, 256)
    .option('--candidates <n>', 'candidate edits per source', parsePositiveInteger, 3)
    .option('--noise <share>', 'share of pairs an annotator labels at random (0-1)', parseNumber, 0.05)
    .option('--same-margin <points>', "oracle scores this close are labelled 'same'", parseNumber, 0.5)
    .option(
      '--mix <weights>',
      'candidate failure modes, e.g. perfect=0.5,white-border=0 (over the default mix)',
      parseMix,
      DEFAULT_FAILURE_MIX,
    )
    .action(async (flags: GenerateFlags) => {
      const out = resolve(flags.out);
      const started = performance.now();
      const written = await writeWorld(out, {
        pairs: flags.pairs,
        seed: flags.seed,
        size: flags.size,
        candidatesPerSource: flags.candidates,
        mix: flags.mix,
        noise: flags.noise,
        sameMargin: flags.sameMargin,
      });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      io.out(`wrote ${written.pairs} pairs over ${written.images} images to ${out} in ${seconds} s`);
      io.out(`bench it: edit-r1 bench --pairs ${resolve(out, 'pairs.jsonl')}`);
    });
  return world;
}

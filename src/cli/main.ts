import { Command, CommanderError } from 'commander';
import { exitCodeFor } from '../core/index.js';
import { decomposeCommand } from './commands/decompose.js';
import { demoCommand } from './commands/demo.js';
import { scoreCommand } from './commands/score.js';
import { processIO, type CliIO } from './io.js';

/** Exit statuses: 0 ok, 2 bad input or usage, 3 backend failure (see core/errors.ts), 1 anything unexpected. */
const USAGE_EXIT = 2;

function buildProgram(io: CliIO): Command {
  const program = new Command('edit-r1')
    .description('Verifier-based reasoning reward model for image edits')
    .option('--debug', 'print stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) })
    .exitOverride();
  for (const make of [scoreCommand, decomposeCommand, demoCommand]) {
    program.addCommand(
      make(io)
        .exitOverride()
        .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) }),
    );
  }
  return program;
}

/** Runs the CLI on argv (without node and script) and returns the exit status; never throws. */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message; help and version end with status 0.
      return error.exitCode === 0 ? 0 : USAGE_EXIT;
    }
    const debug = argv.includes('--debug');
    const message = error instanceof Error ? error.message : String(error);
    io.err(`edit-r1: ${message}`);
    if (debug && error instanceof Error && error.stack) io.err(error.stack);
    return exitCodeFor(error);
  }
}

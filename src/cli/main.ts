import { Command, CommanderError, type OutputConfiguration } from 'commander';
import { exitCodeFor, ParseError } from '../core/index.js';
import { annotateCommand } from './commands/annotate.js';
import { benchCommand } from './commands/bench.js';
import { decomposeCommand } from './commands/decompose.js';
import { demoCommand } from './commands/demo.js';
import { examplesCommand } from './commands/examples.js';
import { pipelineCommand } from './commands/pipeline.js';
import { reproduceCommand } from './commands/reproduce.js';
import { scoreCommand } from './commands/score.js';
import { serveCommand } from './commands/serve.js';
import { trainCommand } from './commands/train.js';
import { worldCommand } from './commands/world.js';
import { createContext, type CliContext } from './context.js';
import { processIO, type CliIO } from './io.js';

/** Exit statuses: 0 ok, 2 bad input or usage, 3 backend failure (see core/errors.ts), 1 anything unexpected. */
const USAGE_EXIT = 2;

/** Every error is one line on stderr; commander's "error: " prefix becomes ours, with a pointer to the help. */
function outputFor(context: CliContext, name: string): OutputConfiguration {
  return {
    writeOut: (text) => context.io.out(text),
    writeErr: (text) => context.io.err(text),
    outputError: (text, write) =>
      write(`edit-r1: ${oneLine(text.replace(/^error: /, ''))} (run '${name} --help' for usage)\n`),
  };
}

function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}

/** The one line an error gets; a parse failure is named as such, since its message gives only the detail. */
function errorLine(error: unknown): string {
  const message = oneLine(error instanceof Error ? error.message : String(error));
  return error instanceof ParseError ? `edit-r1: unparseable model reply: ${message}` : `edit-r1: ${message}`;
}

function buildProgram(context: CliContext): Command {
  const program = new Command('edit-r1')
    .description('Verifier-based reasoning reward model for image edits')
    .option('--debug', 'print stack traces on errors')
    .configureOutput(outputFor(context, 'edit-r1'))
    .exitOverride();
  for (const make of [
    scoreCommand,
    decomposeCommand,
    benchCommand,
    worldCommand,
    demoCommand,
    examplesCommand,
    serveCommand,
    pipelineCommand,
    annotateCommand,
    trainCommand,
    reproduceCommand,
  ]) {
    program.addCommand(ownErrors(make(context), context, 'edit-r1'));
  }
  return program;
}

/** A command and its subcommands (`world generate`) report errors our way and never exit the process themselves. */
function ownErrors(command: Command, context: CliContext, parent: string): Command {
  const name = `${parent} ${command.name()}`;
  command.exitOverride().configureOutput(outputFor(context, name));
  for (const sub of command.commands) ownErrors(sub, context, name);
  return command;
}

/**
 * Runs the CLI on argv (without node and script) and returns the exit status; never throws.
 * `env` is where settings and the API key are read from (injected so tests need not touch process.env).
 */
export async function main(
  argv: string[],
  io: CliIO = processIO,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const context = createContext(io, env);
  const program = buildProgram(context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander already printed its message; help and version end with status 0.
      return error.exitCode === 0 ? 0 : USAGE_EXIT;
    }
    context.io.err(errorLine(error));
    if (argv.includes('--debug') && error instanceof Error && error.stack) context.io.err(error.stack);
    return exitCodeFor(error);
  }
}

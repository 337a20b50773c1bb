import { performance } from 'node:perf_hooks';
import Table from 'cli-table3';
import { Command, Option } from 'commander';
import {
  createProgress,
  exportRun,
  formatCost,
  maskStoreUrl,
  openRun,
  planAll,
  runStatus,
  runWorker,
  STAGES,
  type Run,
  type RunStatus,
  type RunSummary,
  type StageCounts,
} from '../../pipeline/index.js';
import type { CliContext } from '../context.js';
import { parsePositiveInteger } from '../parse-flags.js';

interface StoreFlags {
  config: string;
  store?: string;
}

interface WorkerFlags extends StoreFlags {
  worker?: string;
  leaseMs?: number;
}

interface StatusFlags extends StoreFlags {
  json?: boolean;
}

interface ExportFlags extends StoreFlags {
  format: 'llamafactory' | 'swift' | 'jsonl';
  out: string;
  images?: 'copy' | 'link';
}

/** --config and --store, which every pipeline command takes. */
function withStoreFlags(command: Command): Command {
  return command
    .requiredOption('--config <path>', 'the run config (YAML or JSON)')
    .option(
      '--store <url>',
      "the store, overriding the config's: sqlite:PATH (relative to here) or postgres://user@host:5432/db",
    );
}

/** Opens the run, hands it to `use`, and closes it whatever happens. */
async function withRun<T>(flags: StoreFlags, use: (run: Run) => Promise<T>): Promise<T> {
  const run = await openRun(flags.config, flags.store === undefined ? {} : { store: flags.store });
  try {
    return await use(run);
  } finally {
    await run.close();
  }
}

const total = (counts: readonly StageCounts[], pick: (c: StageCounts) => number) =>
  counts.reduce((sum, c) => sum + pick(c), 0);

/** `decompose 24, candidate 96`: the stages with units, in pipeline order. */
function perStage(counts: readonly StageCounts[], pick: (c: StageCounts) => number): string {
  const parts = STAGES.flatMap((stage) => {
    const n = counts.filter((c) => c.stage === stage).reduce((sum, c) => sum + pick(c), 0);
    return n > 0 ? [`${stage} ${n}`] : [];
  });
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/**
 * The first SIGINT or SIGTERM aborts the returned signal: the worker stops claiming and lets its units
 * finish or hands them back. A second one stops the process at once, as the signal would by default.
 */
function stopOnSignals(context: CliContext): {
  signal: AbortSignal;
  stopped(): string | null;
  dispose(): void;
} {
  const controller = new AbortController();
  let received: string | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received !== null) {
      dispose();
      process.kill(process.pid, signal);
      return;
    }
    received = signal;
    context.io.err(`${signal}: finishing the units in flight (send it again to stop at once)`);
    controller.abort();
  };
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, stopped: () => received, dispose };
}

/** Bars on a terminal (written as they are: the bar library moves the cursor), plain lines otherwise. */
function progressFor(context: CliContext) {
  const tty = context.io.isTTY === true && process.stderr.isTTY === true;
  return createProgress({
    stages: STAGES,
    isTTY: tty,
    write: tty
      ? (text) => void process.stderr.write(text)
      : (text) => context.io.out(text.replace(/\n$/, '')),
    ...(tty ? { columns: process.stderr.columns } : {}),
  });
}

function seconds(startedMs: number): string {
  return `${((performance.now() - startedMs) / 1000).toFixed(1)} s`;
}

function quadrupleLine(status: RunStatus, minAccuracy: number): string {
  const q = status.quadruples;
  return (
    `quadruples: ${q.total}, ${q.selected} selected, ${q.belowMinAccuracy} below minAccuracy ${minAccuracy}, ` +
    `${q.noTrace} with no trace`
  );
}

/** The failures by reason, one line each, or nothing. */
function failureLines(status: RunStatus): string[] {
  return status.failures.map(
    (f) => `  ${f.stage} ${f.reason}: ${f.count} (e.g. ${f.example.replace(/\s+/g, ' ').slice(0, 160)})`,
  );
}

/** run and worker: claim and do units until nothing is pending or running anywhere, or a signal stops it. */
async function work(context: CliContext, flags: WorkerFlags, announce: boolean): Promise<void> {
  const { io } = context;
  await withRun(flags, async (run) => {
    if (announce) {
      io.out(
        `run: ${run.inputs.length} inputs, ${run.sources.length} candidate source(s), ` +
          `${run.config.tracePool.length} trace-pool member(s); store ${maskStoreUrl(run.config.store)}`,
      );
    }
    const stop = stopOnSignals(context);
    const started = performance.now();
    let summary: RunSummary;
    try {
      summary = await runWorker(run, {
        signal: stop.signal,
        progress: progressFor(context),
        log: (line) => io.err(line),
        ...(flags.worker === undefined ? {} : { worker: flags.worker }),
        ...(flags.leaseMs === undefined ? {} : { leaseMs: flags.leaseMs }),
      });
    } finally {
      stop.dispose();
    }
    const done = `${summary.completed} units completed, ${summary.failed} failed, ${summary.released} released`;
    const signal = stop.stopped();
    if (signal !== null) {
      io.out(`stopped by ${signal} after ${seconds(started)}: ${done}; run it again to resume`);
      return;
    }
    io.out(`finished in ${seconds(started)}: ${done}`);
    const status = await runStatus(run);
    io.out(quadrupleLine(status, run.config.select.minAccuracy));
    const failures = failureLines(status);
    if (failures.length > 0) io.out(['failed units by reason:', ...failures].join('\n'));
    io.out(`export it: edit-r1 pipeline export --config ${flags.config} --format llamafactory --out sft/`);
  });
}

function workerOptions(command: Command): Command {
  return command
    .option('--worker <id>', 'lease owner name in the store (default host:pid:random)')
    .option(
      '--lease-ms <n>',
      "how long a unit stays claimed without renewal: a dead worker's units wait this long (default 60000)",
      parsePositiveInteger,
    );
}

function statusText(context: CliContext, run: Run, status: RunStatus): string {
  const table = new Table({
    head: ['stage', 'pending', 'running', 'done', 'failed', 'prompt tokens', 'completion tokens'],
    style: context.palette.table,
  });
  for (const c of status.stages) {
    table.push([c.stage, c.pending, c.running, c.done, c.failed, c.promptTokens, c.completionTokens]);
  }
  const lines = [`store: ${maskStoreUrl(run.config.store)}`, table.toString()];
  const failures = failureLines(status);
  lines.push(failures.length > 0 ? ['failed units by reason:', ...failures].join('\n') : 'no failed units');
  if (status.usage.length > 0) lines.push(formatCost(status.usage));
  lines.push(quadrupleLine(status, run.config.select.minAccuracy));
  return lines.join('\n');
}

/** `edit-r1 pipeline init|run|status|export|worker`: the cold-start SFT data pipeline (docs/PIPELINE.md). */
export function pipelineCommand(context: CliContext): Command {
  const { io } = context;
  const pipeline = new Command('pipeline').description(
    'the SFT data pipeline: quadruples, trace pools, verifier, selection and export, resumable (docs/PIPELINE.md)',
  );

  withStoreFlags(pipeline.command('init'))
    .description('validate the config, create the store and plan the first units')
    .action(async (flags: StoreFlags) => {
      await withRun(flags, async (run) => {
        const added = await planAll(run);
        const counts = await run.store.counts();
        io.out(`store ${maskStoreUrl(run.config.store)} ready; config valid`);
        io.out(
          `planned ${added} new unit(s) over ${run.inputs.length} inputs (${perStage(counts, (c) => c.pending)} pending); ` +
            `${total(counts, (c) => c.done)} done already`,
        );
        io.out(`run it: edit-r1 pipeline run --config ${flags.config}`);
      });
    });

  workerOptions(withStoreFlags(pipeline.command('run')))
    .description('plan and run every unit until done; Ctrl-C (or kill -9) and run again to resume')
    .action((flags: WorkerFlags) => work(context, flags, true));

  workerOptions(withStoreFlags(pipeline.command('worker')))
    .description('one more worker on a shared store (PostgreSQL: on this or another machine)')
    .action((flags: WorkerFlags) => work(context, flags, false));

  withStoreFlags(pipeline.command('status'))
    .description('per stage: pending, running, done and failed units; failures by reason; tokens and cost')
    .option('--json', 'print the status as one JSON object')
    .action(async (flags: StatusFlags) => {
      await withRun(flags, async (run) => {
        const status = await runStatus(run);
        io.out(flags.json ? JSON.stringify(status) : statusText(context, run, status));
      });
    });

  withStoreFlags(pipeline.command('export'))
    .description('write the selected quadruples as an SFT dataset with its dataset card')
    .addOption(
      new Option('--format <format>', 'the dataset format')
        .choices(['llamafactory', 'swift', 'jsonl'])
        .makeOptionMandatory(),
    )
    .requiredOption('--out <dir>', 'folder to write the dataset into')
    .addOption(
      new Option('--images <mode>', "copy the images, or hard-link them (default: the config's)").choices([
        'copy',
        'link',
      ]),
    )
    .action(async (flags: ExportFlags) => {
      await withRun(flags, async (run) => {
        const unfinished = await run.store.active();
        if (unfinished > 0) {
          io.err(
            `${unfinished} units are not done yet: the export holds what is finished (see pipeline status)`,
          );
        }
        const started = performance.now();
        const summary = await exportRun(run, {
          format: flags.format,
          outDir: flags.out,
          ...(flags.images === undefined ? {} : { images: flags.images }),
        });
        const leftOut = Object.entries(summary.leftOut)
          .map(([reason, n]) => `${n} ${reason}`)
          .join(', ');
        io.out(
          `exported ${summary.kept} quadruples as ${summary.format} to ${summary.outDir} in ${seconds(started)} ` +
            `(left out: ${leftOut}); files: ${summary.files.join(', ')}`,
        );
      });
    });

  return pipeline;
}

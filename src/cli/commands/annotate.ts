import { Command } from 'commander';
import {
  annotateStats,
  exportPreferences,
  LabelStore,
  startAnnotateServer,
  type AnnotateStats,
} from '../../annotate/index.js';
import { UsageError } from '../../core/index.js';
import { isLoopback, parseKeyList } from '../../server/index.js';
import type { CliContext } from '../context.js';
import { parseInteger, parsePositiveInteger } from '../parse-flags.js';

interface ServeFlags {
  pairs?: string;
  db?: string;
  port: number;
  host: string;
  annotators?: string;
  perPair?: number;
  gsb?: boolean;
  seed?: number;
  reissueTokens?: boolean;
}

/** Resolves at the first SIGTERM or SIGINT. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

/** A database for export and stats: it must exist and be one the annotate server wrote. */
function openForReading(db: string): LabelStore {
  return LabelStore.open(db, { mustExist: true });
}

const seconds = (ms: number | null) => (ms === null ? '-' : (ms / 1000).toFixed(2));
const fixed = (x: number | null, digits = 3) => (x === null ? 'undefined' : x.toFixed(digits));

/** The stats for a terminal: counts and times, agreement, disagreements, and GSB in GSB mode. */
export function formatAnnotateStats(db: string, stats: AnnotateStats): string {
  const lines = [`${db}: ${stats.mode} mode, ${stats.pairs} pairs, ${stats.labels} labels`];
  const width = Math.max(9, ...stats.annotators.map((a) => a.annotator.length));
  lines.push(`${'annotator'.padEnd(width)}  labels  assigned  median s  mean s`);
  for (const a of stats.annotators) {
    lines.push(
      `${a.annotator.padEnd(width)}  ${String(a.labels).padStart(6)}  ${String(a.assigned).padStart(8)}  ${seconds(a.medianMs).padStart(8)}  ${seconds(a.meanMs).padStart(6)}`,
    );
  }
  lines.push("Cohen's kappa (a / b / same, over the pairs both labelled):");
  for (const c of stats.cohen) {
    const agreement = c.agreement === null ? '-' : `${(c.agreement * 100).toFixed(1)}%`;
    lines.push(
      `  ${c.annotators.join(' & ')}: ${c.shared} shared, agreement ${agreement}, kappa ${fixed(c.kappa)}`,
    );
  }
  const f = stats.fleiss;
  lines.push(
    f.ratersPerPair === null
      ? "Fleiss' kappa: no pair has 2 or more labels yet"
      : `Fleiss' kappa over the ${f.pairIds.length} pairs with ${f.ratersPerPair} labels each (${f.leftOut} others left out): ${fixed(f.kappa)}`,
  );
  lines.push(`Pairs with disagreement: ${stats.disagreements.length}`);
  for (const d of stats.disagreements) {
    lines.push(
      `  ${d.pairId}: ${Object.entries(d.labels)
        .map(([who, choice]) => `${who} ${choice}`)
        .join(', ')}`,
    );
  }
  if (stats.gsb) {
    const g = stats.gsb;
    const ci = g.ci95 ? ` [95% CI ${fixed(g.ci95[0])}, ${fixed(g.ci95[1])}]` : '';
    lines.push(
      `GSB (new vs baseline, by pair majority): ${fixed(g.gsb)}${ci} (good ${g.good}, same ${g.same}, bad ${g.bad})`,
    );
  }
  return lines.join('\n');
}

/** `edit-r1 annotate` (serve the page), `annotate export` and `annotate stats`. */
export function annotateCommand(context: CliContext): Command {
  const { io } = context;
  const command = new Command('annotate')
    .description(
      'collect preference or GSB labels in the browser (until SIGTERM or SIGINT); see docs/ANNOTATE.md',
    )
    .option('--pairs <file>', 'pairs.jsonl to label (images inside its folder)')
    .option('--db <file>', 'labels database (SQLite), created on the first start; also for export and stats')
    .option('--port <n>', 'port to listen on (0: any free port)', parseInteger, 8090)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--annotators <names>', 'annotator names, comma-separated')
    .option(
      '--per-pair <k>',
      'annotators who see each pair (default 2, or 1 with one annotator)',
      parsePositiveInteger,
    )
    .option('--gsb', "GSB mode: each pair's a is the new editor's output, b the baseline's")
    .option('--seed <n>', 'seed for assignment and left/right (default 0)', parseInteger)
    .option('--reissue-tokens', 'print new tokens for every annotator (the old ones stop working)')
    .action(async (flags: ServeFlags) => {
      if (flags.pairs === undefined || flags.db === undefined || flags.annotators === undefined) {
        throw new UsageError('annotate needs --pairs FILE, --db FILE and --annotators alice,bob');
      }
      const server = await startAnnotateServer({
        pairsFile: flags.pairs,
        dbFile: flags.db,
        annotators: parseKeyList(flags.annotators, /,/),
        ...(flags.perPair === undefined ? {} : { perPair: flags.perPair }),
        ...(flags.gsb === true ? { mode: 'gsb' as const } : {}),
        ...(flags.seed === undefined ? {} : { seed: flags.seed }),
        reissueTokens: flags.reissueTokens === true,
        host: flags.host,
        port: flags.port,
        // Logs go through the CLI's writer; they carry no tokens (headers are never logged).
        logger: { level: 'warn', stream: { write: (line: string) => io.err(line) } },
      });
      const stopped = stopSignal();
      const { session } = server;
      io.out(
        `edit-r1 annotate: ${session.mode} mode, ${session.store.pairs().length} pairs, ${session.annotators.length} annotators, ${session.perPair} per pair; labels in ${flags.db}`,
      );
      io.out(`listening on ${server.url}; each annotator opens their own link:`);
      for (const name of session.annotators) {
        io.out(
          `  ${name}: ${server.links.get(name) ?? 'token unchanged since the first start (--reissue-tokens prints new ones)'}`,
        );
      }
      if (!isLoopback(flags.host)) {
        io.err(
          `note: ${flags.host} is reachable from other machines over plain HTTP; tokens and labels cross the network unencrypted unless a TLS proxy is in front`,
        );
      }
      const signal = await stopped;
      io.out(`${signal}: closing`);
      await server.close();
      io.out('stopped; every confirmed label is in the database');
    });

  // --db belongs to `annotate` itself: commander hands a parent's options to the parent wherever they
  // appear, so `annotate export --db x` sets annotate's --db, and the subcommands read it from there.
  const dbOf = (sub: Command, name: string): string => {
    const db = (sub.optsWithGlobals() as { db?: string }).db;
    if (db === undefined) throw new UsageError(`annotate ${name} needs --db FILE (the labels database)`);
    return db;
  };
  command.addCommand(
    new Command('export')
      .description(
        'write labelled pairs as pairs.jsonl (preference by majority, ties -> same; labels kept); needs --db',
      )
      .requiredOption('--out <file>', 'pairs.jsonl to write (image paths relative to it)')
      .action(async (flags: { out: string }, sub: Command) => {
        const store = openForReading(dbOf(sub, 'export'));
        try {
          const result = await exportPreferences(store, flags.out);
          const left = result.unlabelled > 0 ? ` (${result.unlabelled} without labels left out)` : '';
          io.out(`wrote ${result.written} pairs to ${flags.out}${left}`);
        } finally {
          store.close();
        }
      }),
  );
  command.addCommand(
    new Command('stats')
      .description(
        "labels per annotator, time per label, Cohen's and Fleiss' kappa, disagreements, GSB; needs --db",
      )
      .option('--json', 'print the stats as JSON')
      .option(
        '--resamples <n>',
        'bootstrap resamples for the GSB interval (default 1000)',
        parsePositiveInteger,
      )
      .action((flags: { json?: boolean; resamples?: number }, sub: Command) => {
        const db = dbOf(sub, 'stats');
        const store = openForReading(db);
        try {
          const stats = annotateStats(
            store,
            flags.resamples === undefined ? {} : { resamples: flags.resamples },
          );
          io.out(flags.json === true ? JSON.stringify(stats, null, 2) : formatAnnotateStats(db, stats));
        } finally {
          store.close();
        }
      }),
  );
  return command;
}

// npm run bench:pipeline: how fast the SFT pipeline moves units through its store, and how well workers
// on one PostgreSQL store add up. See docs/BENCHMARKS.md (bench:pipeline) for the method and numbers.
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { openRun, planAll } from '../src/pipeline/index.js';
import { startPostgres } from '../src/testing/index.js';
import { exited, forkTs, nextMessage } from './child.js';
import { startMachineCpu } from './machine-cpu.js';
import { TRACES_PER_QUADRUPLE, writeBenchRun } from './pipeline-bench-data.js';

const SETTINGS = {
  /** Part 1: quadruples through the stand-in answering at once, SQLite against the in-memory store. */
  quadruples: Number(process.env.BENCH_PIPELINE_QUADRUPLES ?? 1_000),
  concurrency: 32,
  /** Part 2: the stand-in at a fixed latency, 1 and 4 workers on PostgreSQL. */
  workersQuadruples: Number(process.env.BENCH_PIPELINE_WORKERS_QUADRUPLES ?? 400),
  workersLatencyMs: 100,
  /**
   * Backend concurrency per worker, one measurement each. At 1 the 4 workers fit in a 2-core machine's
   * cores beside PostgreSQL and the stand-in, so the share measures how the store lets workers add up;
   * at 8 one worker already keeps most of a core busy and 4 saturate the machine, so it measures the cores.
   */
  workersConcurrency: (process.env.BENCH_PIPELINE_WORKER_CONCURRENCY ?? '1,8').split(',').map(Number),
  workers: 4,
};
const TARGET_STORE_MS_PER_UNIT = 1;
const TARGET_SHARE_OF_LINEAR = 0.9;

interface WorkerReport {
  name: string;
  wallMs: number;
  cpuMs: number;
  completed: number;
  failed: number;
  unitsInStore: number;
  sql: { statements: number; ms: number } | null;
}

interface StandInHandle {
  baseURL: string;
  stats(): Promise<{ requests: number; distinctSeeds: number }>;
  close(): Promise<{ requests: number; cpuMs: number }>;
}

async function startStandInProcess(delayMs: number): Promise<StandInHandle> {
  const child = forkTs('./pipeline-stand-in-child.ts', [String(delayMs)]);
  const { baseURL } = await nextMessage<{ baseURL: string }>(child);
  return {
    baseURL,
    stats: async () => {
      const reply = nextMessage<{ requests: number; distinctSeeds: number }>(child);
      child.send('stats');
      return reply;
    },
    close: async () => {
      const reply = nextMessage<{ requests: number; cpuMs: number }>(child);
      child.send('close');
      const report = await reply;
      await exited(child);
      return report;
    },
  };
}

/** Starts the workers, waits until every one has opened the run, then starts them together. */
async function runWorkers(
  config: string,
  store: string,
  mode: 'sqlite' | 'memory' | 'postgres',
  count: number,
): Promise<{ wallMs: number; machineBusy: number | null; reports: WorkerReport[] }> {
  const children = Array.from({ length: count }, (_, i) =>
    forkTs('./pipeline-worker-child.ts', [config, store, mode, `${mode}-${i}`]),
  );
  await Promise.all(children.map((child) => nextMessage<'ready'>(child)));
  const machine = startMachineCpu();
  const started = performance.now();
  const reports = children.map((child) => nextMessage<WorkerReport>(child));
  for (const child of children) child.send('go');
  const done = await Promise.all(reports);
  const wallMs = performance.now() - started;
  const machineBusy = machine();
  await Promise.all(children.map(exited));
  for (const report of done) {
    if (report.failed > 0) throw new Error(`worker ${report.name}: ${report.failed} units failed`);
  }
  return { wallMs, machineBusy, reports: done };
}

/** Plans a run on `store` ahead of its workers (they plan too; this keeps planning out of the timing). */
async function plan(config: string, store: string): Promise<number> {
  const run = await openRun(config, { store });
  try {
    await planAll(run);
    return await run.store.active();
  } finally {
    await run.close();
  }
}

const fixed = (x: number, digits = 2) => x.toFixed(digits);
/** The whole machine's busy share during a pass, as cores of all: ours and everything else running. */
const busy = (share: number | null) =>
  share === null ? 'n/a' : `${fixed(share * availableParallelism(), 2)}/${availableParallelism()} cores`;

interface WorkersPass {
  workers: number;
  units: number;
  wallMs: number;
  perSecond: number;
  workerCpuMs: number;
  machineBusy: number | null;
}

interface WorkersScaling {
  concurrency: number;
  passes: WorkersPass[];
  /** 4 workers' throughput over 4x one worker's. */
  share: number;
  standIn: { requests: number; distinctSeeds: number };
}

/** One worker, then SETTINGS.workers workers, on fresh PostgreSQL schemas, at `concurrency` each. */
async function measureWorkers(
  dir: string,
  freshUrl: () => Promise<string>,
  concurrency: number,
): Promise<WorkersScaling> {
  const slow = await startStandInProcess(SETTINGS.workersLatencyMs);
  try {
    const config = await writeBenchRun(dir, {
      quadruples: SETTINGS.workersQuadruples,
      baseURL: slow.baseURL,
      concurrency,
    });
    const passes: WorkersPass[] = [];
    for (const workers of [1, SETTINGS.workers]) {
      const url = await freshUrl();
      await plan(config, url);
      const result = await runWorkers(config, url, 'postgres', workers);
      const done = result.reports.reduce((n, r) => n + r.completed, 0);
      passes.push({
        workers,
        units: done,
        wallMs: result.wallMs,
        perSecond: done / (result.wallMs / 1000),
        workerCpuMs: result.reports.reduce((n, r) => n + r.cpuMs, 0),
        machineBusy: result.machineBusy,
      });
    }
    const share = passes[1]!.perSecond / (SETTINGS.workers * passes[0]!.perSecond);
    return { concurrency, passes, share, standIn: await slow.stats() };
  } finally {
    await slow.close();
  }
}

function printScaling({ concurrency, passes, share, standIn }: WorkersScaling): void {
  const one = passes[0]!;
  console.log(
    `part 2: ${SETTINGS.workersQuadruples} quadruples, stand-in at ${SETTINGS.workersLatencyMs} ms, ` +
      `concurrency ${concurrency} per worker, PostgreSQL store`,
  );
  const table = new Table({
    style: { head: [], border: [] },
    head: ['workers', 'units', 'wall s', 'units/s', 'of linear', 'worker CPU ms/unit', 'machine busy'],
  });
  for (const pass of passes) {
    table.push([
      pass.workers,
      pass.units,
      fixed(pass.wallMs / 1000, 1),
      fixed(pass.perSecond, 1),
      `${fixed((pass.perSecond / (pass.workers * one.perSecond)) * 100, 1)}%`,
      fixed(pass.workerCpuMs / pass.units, 2),
      busy(pass.machineBusy),
    ]);
  }
  console.log(table.toString());
  const first = concurrency === SETTINGS.workersConcurrency[0];
  console.log(
    `${SETTINGS.workers} workers at concurrency ${concurrency}: ${fixed(share * 100, 1)}% of ${SETTINGS.workers}x one worker ` +
      (first
        ? `(target >= ${TARGET_SHARE_OF_LINEAR * 100}%): ${share >= TARGET_SHARE_OF_LINEAR ? 'MET' : 'MISSED'}`
        : '(no target: see the machine busy column)') +
      `; stand-in served ${standIn.requests} requests, ${standIn.distinctSeeds} distinct seeds`,
  );
}

async function main(): Promise<void> {
  const startedAll = performance.now();
  const load = loadavg()[0]!;
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-bench-pipeline-'));
  const postgres = await startPostgres();
  try {
    // Part 1: the stand-in answers at once; the same run against the in-memory store and against SQLite.
    const instant = await startStandInProcess(0);
    const config = await writeBenchRun(join(dir, 'store'), {
      quadruples: SETTINGS.quadruples,
      baseURL: instant.baseURL,
      concurrency: SETTINGS.concurrency,
    });
    const memory = await runWorkers(config, 'sqlite::memory:', 'memory', 1);
    const asked = (await instant.stats()).requests;
    const sqlite = await runWorkers(config, `sqlite:${join(dir, 'store', 'bench.sqlite')}`, 'sqlite', 1);
    const instantReport = await instant.close();
    const [m, s] = [memory.reports[0]!, sqlite.reports[0]!];
    if (m.completed !== s.completed) throw new Error(`memory ${m.completed} units, sqlite ${s.completed}`);
    const units = s.completed;
    const storeWallMs = (sqlite.wallMs - memory.wallMs) / units;
    const storeCpuMs = (s.cpuMs - m.cpuMs) / units;
    const sqlMs = s.sql!.ms / units;

    // Part 2: the stand-in at a fixed latency; 1 worker, then 4 workers, each on a fresh PostgreSQL schema.
    const scaling: WorkersScaling[] = [];
    for (const concurrency of SETTINGS.workersConcurrency) {
      scaling.push(await measureWorkers(join(dir, `workers-${concurrency}`), postgres.freshUrl, concurrency));
    }

    const cpu = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown';
    console.log(
      `machine: ${availableParallelism()} cores (${cpu}), Node ${process.version}; 1-minute load ${fixed(load)} before`,
    );
    console.log(
      `part 1: ${SETTINGS.quadruples} quadruples x ${TRACES_PER_QUADRUPLE} traces, stand-in answering at once, ` +
        `backend concurrency ${SETTINGS.concurrency}, one worker process; ${units} units (${asked} stand-in requests a pass)`,
    );
    const plain = { head: [], border: [] };
    const table1 = new Table({
      style: plain,
      head: [
        'store',
        'units',
        'wall s',
        'units/s',
        'worker CPU ms/unit',
        'in SQLite ms/unit',
        'machine busy',
      ],
    });
    table1.push(
      [
        'in-memory (baseline)',
        m.completed,
        fixed(memory.wallMs / 1000, 1),
        fixed(m.completed / (memory.wallMs / 1000), 0),
        fixed(m.cpuMs / units, 3),
        '-',
        busy(memory.machineBusy),
      ],
      [
        'SQLite (WAL, file)',
        s.completed,
        fixed(sqlite.wallMs / 1000, 1),
        fixed(s.completed / (sqlite.wallMs / 1000), 0),
        fixed(s.cpuMs / units, 3),
        `${fixed(sqlMs, 3)} (${s.sql!.statements} statements)`,
        busy(sqlite.machineBusy),
      ],
    );
    console.log(table1.toString());
    console.log(
      `the store adds ${fixed(storeWallMs, 3)} ms wall and ${fixed(storeCpuMs, 3)} ms CPU per unit (SQLite over in-memory), ` +
        `of which ${fixed(sqlMs, 3)} ms inside SQLite (target < ${TARGET_STORE_MS_PER_UNIT} ms): ` +
        `${storeWallMs < TARGET_STORE_MS_PER_UNIT ? 'MET' : 'MISSED'}`,
    );
    for (const measured of scaling) printScaling(measured);
    const [target] = scaling;
    const targetMet = target !== undefined && target.share >= TARGET_SHARE_OF_LINEAR;
    const totalSeconds = (performance.now() - startedAll) / 1000;
    console.log(`total ${fixed(totalSeconds, 1)} s; 1-minute load ${fixed(loadavg()[0]!)} after`);
    console.log(
      JSON.stringify({
        bench: 'pipeline',
        machine: {
          cores: availableParallelism(),
          cpu,
          node: process.version,
          loadAverage: { before: load, after: loadavg()[0] },
        },
        settings: SETTINGS,
        targets: { storeMsPerUnit: TARGET_STORE_MS_PER_UNIT, shareOfLinear: TARGET_SHARE_OF_LINEAR },
        store: {
          units,
          memory: { wallMs: memory.wallMs, cpuMs: m.cpuMs, machineBusy: memory.machineBusy },
          sqlite: { wallMs: sqlite.wallMs, cpuMs: s.cpuMs, sql: s.sql, machineBusy: sqlite.machineBusy },
          addedWallMsPerUnit: storeWallMs,
          addedCpuMsPerUnit: storeCpuMs,
          sqliteMsPerUnit: sqlMs,
          standIn: instantReport,
          met: storeWallMs < TARGET_STORE_MS_PER_UNIT,
        },
        workers: scaling.map((measured) => ({ ...measured, met: measured.share >= TARGET_SHARE_OF_LINEAR })),
        workersTargetMet: targetMet,
        totalSeconds,
      }),
    );
  } finally {
    await postgres.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

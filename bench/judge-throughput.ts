// npm run bench:judge: judge throughput and client CPU against a stand-in VLM that answers after a fixed
// latency. See docs/BENCHMARKS.md for what it measures, how, and the numbers on our machine.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fullDecodeCpuMs } from './decode-calibration.js';
import { writeEditSet } from './edit-set.js';
import type { PassSpec } from './judge-pass.js';
import {
  batchEffect,
  cacheEffects,
  hitRate,
  passTable,
  ratioLines,
  targetLines,
  type PassRow,
  type Targets,
} from './report.js';
import { percentile } from './percentile.js';
import { runPassInProcess } from './run-pass-process.js';
import { startStandInProcess } from './stand-in-process.js';

const SETTINGS = {
  sources: 50,
  editsPerSource: 8,
  side: 1024,
  quality: 90,
  seed: 1,
  latencyMs: 200,
  concurrency: 8,
  model: 'stand-in-vlm',
};
const TARGETS: Targets = { shareOfIdeal: 0.9, cpuMsPerEdit: 20 };
/** What the issue quotes a full decode of a 1024 px JPEG at on this machine (see decode-calibration.ts). */
const QUOTED_DECODE_MS = 19;
const CALIBRATION_DECODES = 30;

/**
 * Pass A is the one the targets are read on: the 1024 px inputs fit, so they are sent as they are,
 * 8 judge calls at a time. B repeats A with a fresh encoder per edit (nothing cached), so the cache's
 * effect is a ratio measured side by side; C and D do the same where the encoder must re-encode (to
 * 512 px), which is where its cache has work to do. E starts all 400 calls at once, as a trainer
 * scoring a batch does.
 */
/** BENCH_JUDGE_PASSES=A,E runs those passes alone (by their letter), for quicker comparisons. */
function chosen(pass: PassSpec): boolean {
  const letters = process.env.BENCH_JUDGE_PASSES?.toUpperCase().split(',');
  return !letters || letters.includes(pass.name.charAt(0));
}

/**
 * Pass A runs this many times (BENCH_JUDGE_REPEATS, default 3), each in a fresh client and stand-in, and
 * the targets are read on the median of its runs: on this shared machine one run's CPU per edit moves by
 * a fifth from run to run with nothing of ours changed.
 */
function repeatsOfPrimary(): number {
  const value = Number(process.env.BENCH_JUDGE_REPEATS ?? 3);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `BENCH_JUDGE_REPEATS must be a whole number of at least 1, got ${process.env.BENCH_JUDGE_REPEATS}`,
    );
  }
  return value;
}

const PASSES: PassSpec[] = [
  { name: 'A as is, shared encoder', maxSide: 1024, encoder: 'shared', issue: 'pool' },
  { name: 'B as is, encoder per edit', maxSide: 1024, encoder: 'per-edit', issue: 'pool' },
  { name: 'C 512 px, shared encoder', maxSide: 512, encoder: 'shared', issue: 'pool' },
  { name: 'D 512 px, encoder per edit', maxSide: 512, encoder: 'per-edit', issue: 'pool' },
  { name: 'E as is, shared, 400 at once', maxSide: 1024, encoder: 'shared', issue: 'all-at-once' },
];

async function cpuModel(): Promise<string> {
  const info = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  return /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? 'unknown';
}

/**
 * The targets' reading of pass A's runs: the median of each measure on its own (nearest rank, so one
 * of the measured values), and the run with the median CPU, for the ratios. With one run, that run.
 */
function medianOfRuns(runs: readonly PassRow[]): {
  primary: { row: PassRow; run: PassRow };
  spread: string | null;
} {
  const cpu = percentile(
    runs.map((r) => r.cpuMsPerEdit),
    0.5,
  );
  const run = runs.find((r) => r.cpuMsPerEdit === cpu)!;
  const editsPerSecond = percentile(
    runs.map((r) => r.editsPerSecond),
    0.5,
  );
  const shareOfIdeal = percentile(
    runs.map((r) => r.shareOfIdeal),
    0.5,
  );
  const row = { ...run, cpuMsPerEdit: cpu, editsPerSecond, shareOfIdeal };
  if (runs.length < 2) return { primary: { row, run }, spread: null };
  const range = (values: number[], digits: number) =>
    `${Math.min(...values).toFixed(digits)}-${Math.max(...values).toFixed(digits)}`;
  const spread =
    `pass A over ${runs.length} runs: median ${(shareOfIdeal * 100).toFixed(1)}% of ideal (runs ${range(
      runs.map((r) => r.shareOfIdeal * 100),
      1,
    )}%), ` +
    `median client CPU ${cpu.toFixed(1)} ms/edit (runs ${range(
      runs.map((r) => r.cpuMsPerEdit),
      1,
    )})`;
  return { primary: { row, run }, spread };
}

async function main(): Promise<void> {
  const started = performance.now();
  // Other work on the machine takes cores from the client and the stand-in: shown so a reader can judge.
  const loadBefore = loadavg()[0]!;
  const ideal = SETTINGS.concurrency / (SETTINGS.latencyMs / 1000);
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-bench-judge-'));
  try {
    const spec = { dir, side: SETTINGS.side, quality: SETTINGS.quality };
    const warmup = await writeEditSet({ ...spec, prefix: 'warmup', sources: 1, editsPerSource: 8, seed: -1 });
    const measured = await writeEditSet({
      ...spec,
      prefix: 'edit',
      sources: SETTINGS.sources,
      editsPerSource: SETTINGS.editsPerSource,
      seed: SETTINGS.seed,
    });
    const edits = SETTINGS.sources * SETTINGS.editsPerSource;
    const generatedS = (performance.now() - started) / 1000;
    console.log(
      `${edits} edits of ${SETTINGS.sources} sources, ${SETTINGS.side}x${SETTINGS.side} JPEG q${SETTINGS.quality}, ` +
        `${Math.round(measured.bytes / (edits + SETTINGS.sources) / 1024)} KB each on average (written in ${generatedS.toFixed(1)} s); ` +
        `stand-in answers after ${SETTINGS.latencyMs} ms, ${SETTINGS.concurrency} at a time: ideal ${ideal} edits/s`,
    );

    const editFiles = measured.tasks.flatMap((task) => task.edits);
    const decodeBefore = await fullDecodeCpuMs(editFiles, CALIBRATION_DECODES);
    const repeats = repeatsOfPrimary();
    const runs = PASSES.flatMap((pass, i) =>
      !chosen(pass)
        ? []
        : Array.from({ length: i === 0 ? repeats : 1 }, (_, run) => ({
            pass: i === 0 && repeats > 1 ? { ...pass, name: `${pass.name} #${run + 1}` } : pass,
            index: i,
          })),
    );
    const rows: PassRow[] = [];
    for (const { pass, index } of runs) {
      const standIn = await startStandInProcess({
        delayMs: SETTINGS.latencyMs,
        capacity: SETTINGS.concurrency,
        model: SETTINGS.model,
      });
      const task = {
        spec: pass,
        profileName: `client-pass-${index + 1}-${rows.length + 1}`,
        baseURL: standIn.baseURL,
        model: SETTINGS.model,
        concurrency: SETTINGS.concurrency,
        warmup: warmup.tasks,
        measured: measured.tasks,
      };
      // Closed on failure too: the stand-in process would otherwise keep the benchmark alive.
      const result = await runPassInProcess(task).finally(() => standIn.close());
      const server = await standIn.close();
      rows.push({
        ...result,
        shareOfIdeal: result.editsPerSecond / ideal,
        cacheHitRate: hitRate(result.encoder),
        server,
      });
    }

    const decodeAfter = await fullDecodeCpuMs(editFiles, CALIBRATION_DECODES);
    const decodeMs = (decodeBefore + decodeAfter) / 2;
    console.log(passTable(rows, ideal, availableParallelism()));
    // Pass A's runs are named after it, with " #k" when it runs more than once.
    const firstRuns = rows.filter((row) => row.spec.name.startsWith(PASSES[0]!.name));
    const { primary, spread } = medianOfRuns(firstRuns.length > 0 ? firstRuns : rows.slice(0, 1));
    // Ratios against pass A use its median run (by CPU), a whole measurement.
    const ratioRows = [primary.run, ...rows.filter((row) => !firstRuns.includes(row))];
    if (spread) console.log(spread);
    console.log(
      `yardstick: a full decode of one of these edits took ${decodeBefore.toFixed(1)} ms of CPU before the passes and ${decodeAfter.toFixed(1)} after ` +
        `(the issue quotes ~${QUOTED_DECODE_MS} ms); pass A's client CPU is ${(primary.row.cpuMsPerEdit / decodeMs).toFixed(2)} decodes an edit, ` +
        `${((primary.row.cpuMsPerEdit * QUOTED_DECODE_MS) / decodeMs).toFixed(1)} ms at the quoted decode speed`,
    );
    for (const line of [...ratioLines(ratioRows), ...targetLines(primary.row, TARGETS)]) console.log(line);
    const totalS = (performance.now() - started) / 1000;
    const loadAfter = loadavg()[0]!;
    console.log(
      `total ${totalS.toFixed(1)} s; 1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after`,
    );
    const machine = {
      cores: availableParallelism(),
      cpu: await cpuModel(),
      node: process.version,
      v8: process.versions.v8,
      loadAverage: { before: loadBefore, after: loadAfter },
    };
    console.log(
      JSON.stringify({
        bench: 'judge',
        machine,
        settings: { ...SETTINGS, edits, idealEditsPerSecond: ideal },
        targets: TARGETS,
        yardstick: {
          fullDecodeCpuMs: { before: decodeBefore, after: decodeAfter },
          quotedMs: QUOTED_DECODE_MS,
        },
        primary: {
          runs: firstRuns.length,
          cpuInDecodes: primary.row.cpuMsPerEdit / decodeMs,
          editsPerSecond: primary.row.editsPerSecond,
          shareOfIdeal: primary.row.shareOfIdeal,
          cpuMsPerEdit: primary.row.cpuMsPerEdit,
          cacheHitRate: primary.row.cacheHitRate,
          shareOfIdealMet: primary.row.shareOfIdeal >= TARGETS.shareOfIdeal,
          cpuMsPerEditMet: primary.row.cpuMsPerEdit <= TARGETS.cpuMsPerEdit,
        },
        passes: rows,
        cacheEffects: cacheEffects(ratioRows),
        allAtOnceOverPooled: batchEffect(ratioRows),
        totalSeconds: totalS,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

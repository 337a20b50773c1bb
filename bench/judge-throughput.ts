// npm run bench:judge: judge throughput and client CPU against a stand-in VLM that answers after a fixed
// latency. See docs/BENCHMARKS.md for what it measures, how, and the numbers on our machine.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
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

    const rows: PassRow[] = [];
    for (const [i, pass] of PASSES.entries()) {
      if (!chosen(pass)) continue;
      const standIn = await startStandInProcess({
        delayMs: SETTINGS.latencyMs,
        capacity: SETTINGS.concurrency,
        model: SETTINGS.model,
      });
      const task = {
        spec: pass,
        profileName: `client-pass-${i + 1}`,
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

    console.log(passTable(rows, ideal, availableParallelism()));
    const primary = rows[0]!;
    for (const line of [...ratioLines(rows), ...targetLines(primary, TARGETS)]) console.log(line);
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
        primary: {
          editsPerSecond: primary.editsPerSecond,
          shareOfIdeal: primary.shareOfIdeal,
          cpuMsPerEdit: primary.cpuMsPerEdit,
          cacheHitRate: primary.cacheHitRate,
          shareOfIdealMet: primary.shareOfIdeal >= TARGETS.shareOfIdeal,
          cpuMsPerEditMet: primary.cpuMsPerEdit <= TARGETS.cpuMsPerEdit,
        },
        passes: rows,
        cacheEffects: cacheEffects(rows),
        allAtOnceOverPooled: batchEffect(rows),
        totalSeconds: totalS,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

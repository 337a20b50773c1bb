// One measured run of the embedded judge over a pairs file, in a process of its own so that its
// process.cpuUsage() is the judge's alone. Started by world-throughput.ts, pinned to one core where
// the machine allows; prints one JSON line.
import sharp from 'sharp';
import { runBench } from '../src/bench/index.js';
import { createJudge } from '../src/create-judge.js';

const [pairsFile, warmupFile] = process.argv.slice(2);
if (!pairsFile || !warmupFile) throw new Error('usage: world-judge-child.ts PAIRS_FILE WARMUP_PAIRS_FILE');
// One core: libvips would otherwise spread a decode over threads the pin does not show.
sharp.concurrency(1);

const judge = createJudge({ backend: 'embedded' });
// Warm up on a world of its own first (compiled code, not cached results: other images), as a
// long-running judge is warm; the measured world is then judged from cold caches.
await runBench({ pairsFile: warmupFile, judge, concurrency: 1, cacheFile: false });
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await runBench({ pairsFile, judge, concurrency: 1, cacheFile: false });
const wallMs = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    pairs: result.n + result.same + result.failed,
    failed: result.failed,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    accuracy: result.accuracy,
    macroAccuracy: result.macroAccuracy,
  }),
);

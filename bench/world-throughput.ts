// npm run bench:world: how fast EditWorld makes scenes and how fast the embedded judge judges its
// pairs on one core. See docs/BENCHMARKS.md for the numbers on our machine.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/core/index.js';
import {
  DEFAULT_FAILURE_MIX,
  generateScene,
  renderRaw,
  renderScene,
  writeWorld,
} from '../src/world/index.js';

const SETTINGS = { size: 256, scenes: 300, pairs: 300, seed: 4242 };
const TARGET_PAIRS_PER_SECOND = 50;
const WARMUP_PAIRS = 30;
const WORLD = {
  size: SETTINGS.size,
  candidatesPerSource: 3,
  mix: DEFAULT_FAILURE_MIX,
  noise: 0.05,
  sameMargin: 0.5,
};

/** Scenes made and painted per second, raw pixels and as PNG files, measured one after the other. */
async function sceneRates(): Promise<{ rawPerSecond: number; pngPerSecond: number }> {
  const scenes = Array.from({ length: SETTINGS.scenes }, (_, i) =>
    generateScene(createRng(SETTINGS.seed + i)),
  );
  let started = performance.now();
  for (const scene of scenes) await renderRaw(scene, { size: SETTINGS.size });
  const rawPerSecond = scenes.length / ((performance.now() - started) / 1000);
  started = performance.now();
  for (const scene of scenes) await renderScene(scene, { size: SETTINGS.size });
  const pngPerSecond = scenes.length / ((performance.now() - started) / 1000);
  return { rawPerSecond, pngPerSecond };
}

interface JudgeRun {
  pairs: number;
  failed: number;
  wallMs: number;
  cpuMs: number;
  accuracy: number | null;
  macroAccuracy: number | null;
}

/** The judge run in a child process, pinned to core 0 with taskset where there is one. */
function judgeOnOneCore(pairsFile: string, warmupFile: string): Promise<{ run: JudgeRun; pinned: boolean }> {
  const child = fileURLToPath(new URL('world-judge-child.ts', import.meta.url));
  const node = [process.execPath, '--import', 'tsx', child, pairsFile, warmupFile];
  const pinned = existsSync('/usr/bin/taskset');
  const [command, ...args] = pinned ? ['/usr/bin/taskset', '-c', '0', ...node] : node;
  return new Promise((resolve, reject) => {
    const proc = spawn(command!, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`judge child exited with ${code}`));
      resolve({ run: JSON.parse(out.trim().split('\n').at(-1)!) as JudgeRun, pinned });
    });
  });
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-bench-world-'));
  try {
    const scenes = await sceneRates();
    const started = performance.now();
    const written = await writeWorld(dir, { ...WORLD, pairs: SETTINGS.pairs, seed: SETTINGS.seed });
    const worldSeconds = (performance.now() - started) / 1000;
    const warmupDir = join(dir, 'warmup');
    await writeWorld(warmupDir, { ...WORLD, pairs: WARMUP_PAIRS, seed: SETTINGS.seed + 1 });
    const { run, pinned } = await judgeOnOneCore(join(dir, 'pairs.jsonl'), join(warmupDir, 'pairs.jsonl'));
    const perWallSecond = run.pairs / (run.wallMs / 1000);
    const perCpuSecond = run.pairs / (run.cpuMs / 1000);
    const pct = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
    console.log(
      `machine: ${availableParallelism()} cores, Node ${process.version}; images ${SETTINGS.size}x${SETTINGS.size}`,
    );
    console.log(
      `scenes generated and painted: ${scenes.rawPerSecond.toFixed(0)}/s raw, ${scenes.pngPerSecond.toFixed(0)}/s as PNG ` +
        `(PNG encoding makes a scene x${(scenes.rawPerSecond / scenes.pngPerSecond).toFixed(2)} as slow)`,
    );
    console.log(
      `world written: ${written.pairs} pairs, ${written.images} images in ${worldSeconds.toFixed(1)} s ` +
        `(${(written.pairs / worldSeconds).toFixed(1)} pairs/s)`,
    );
    console.log(
      `embedded judge, ${pinned ? 'pinned to one core (taskset -c 0)' : 'one process, not pinned (no taskset)'}, ` +
        `one pair at a time: ${perWallSecond.toFixed(1)} pairs/s wall, ${perCpuSecond.toFixed(1)} pairs per CPU-second ` +
        `(${(run.cpuMs / run.pairs).toFixed(1)} ms CPU a pair); strict accuracy ${pct(run.accuracy)}, macro ${pct(run.macroAccuracy)}, ${run.failed} failed`,
    );
    const met = perWallSecond >= TARGET_PAIRS_PER_SECOND;
    console.log(
      `pairs judged per second on one core: ${perWallSecond.toFixed(1)} (target >= ${TARGET_PAIRS_PER_SECOND}): ${met ? 'MET' : 'MISSED'}`,
    );
    console.log(
      JSON.stringify({
        bench: 'world',
        settings: SETTINGS,
        scenes,
        world: { ...written, seconds: worldSeconds },
        judge: { ...run, pinned, perWallSecond, perCpuSecond },
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

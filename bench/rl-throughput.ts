// npm run bench:rl: how fast the two miniature policies train on this CPU. For each, GCPO (the RRM)
// or GRPO (the editor) steps at the reproduce run's sizes: rollouts sampled per second, whole steps
// per second, optimiser updates per second, and how a step's wall time splits between sampling the
// policy, the judge (rendering and judging edits, or parsing trace scores) and the optimiser.
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Table from 'cli-table3';
import { createRng, type Judge } from '../src/core/index.js';
import { readPairsFile } from '../src/bench/index.js';
import { createEmbeddedJudge } from '../src/rrm/index.js';
import {
  EditorPolicy,
  editorReward,
  featurizePairs,
  makeEditTasks,
  MiniRrmPolicy,
  RrmFeaturizer,
  createMiniRrmJudge,
  trainGcpo,
  trainGrpo,
  useFastBackend,
  type StepRecord,
} from '../src/rl/index.js';
import { writeWorld } from '../src/world/index.js';
import { TimedPolicy } from './rl-timed-policy.js';

const SETTINGS = {
  gcpo: { pairs: 64, pairsPerStep: 16, traces: 8, steps: 12 },
  grpo: { tasks: 32, inputsPerStep: 8, groupSize: 8, steps: 12 },
  warmupSteps: 2,
  seed: 4242,
};

interface Row {
  policy: string;
  judge: string;
  steps: number;
  rolloutsPerStep: number;
  rolloutsPerSecond: number;
  stepsPerSecond: number;
  updatesPerSecond: number;
  share: { policySample: number; judge: number; optimiser: number };
}

/** Shares of the measured steps' wall time; the warm-up steps (JIT, wasm start) are left out. */
function summarise(
  policy: string,
  judge: string,
  records: readonly StepRecord[],
  sampleSeconds: number,
  judgeSeconds: number,
  rolloutsPerStep: number,
): Row {
  const wall = records.reduce((s, r) => s + r.seconds, 0);
  const optimiser = Math.max(0, wall - sampleSeconds - judgeSeconds);
  return {
    policy,
    judge,
    steps: records.length,
    rolloutsPerStep,
    rolloutsPerSecond: (rolloutsPerStep * records.length) / sampleSeconds,
    stepsPerSecond: records.length / wall,
    updatesPerSecond: records.length / optimiser,
    share: { policySample: sampleSeconds / wall, judge: judgeSeconds / wall, optimiser: optimiser / wall },
  };
}

async function rrmGcpo(dir: string): Promise<Row> {
  const { gcpo, warmupSteps, seed } = SETTINGS;
  await writeWorld(dir, { pairs: gcpo.pairs, seed, size: 128 });
  const pairs = (await readPairsFile(join(dir, 'pairs.jsonl'))).filter((p) => p.pair.preference !== 'same');
  const featurized = await featurizePairs(pairs, new RrmFeaturizer());
  const policy = new TimedPolicy(new MiniRrmPolicy({}, createRng(seed)));
  let judgeSeconds = 0;
  const marks: Array<{ sample: number; judge: number }> = [];
  const { records } = await trainGcpo({
    policy,
    pairs: featurized,
    pairsPerStep: gcpo.pairsPerStep,
    traces: gcpo.traces,
    steps: warmupSteps + gcpo.steps,
    seed,
    lr: 1e-3,
    progress: 'off',
    // The GCPO "judge" is Phi, reading each trace's final score: timed around the score function.
    score: (_input, trace) => {
      const started = performance.now();
      const s = trace.finalScore;
      judgeSeconds += (performance.now() - started) / 1000;
      return s;
    },
    onStep: () => marks.push({ sample: policy.sampleSeconds, judge: judgeSeconds }),
  });
  const from = marks[warmupSteps - 1]!;
  const to = marks.at(-1)!;
  return summarise(
    'mini RRM (GCPO)',
    'trace score (Phi)',
    records.slice(warmupSteps),
    to.sample - from.sample,
    to.judge - from.judge,
    2 * gcpo.pairsPerStep * gcpo.traces,
  );
}

async function editorGrpo(judgeName: string, judge: Judge): Promise<Row> {
  const { grpo, warmupSteps, seed } = SETTINGS;
  const tasks = await makeEditTasks({ seed, count: grpo.tasks });
  const policy = new TimedPolicy(new EditorPolicy(undefined, createRng(seed)));
  const reward = editorReward(judge);
  let judgeSeconds = 0;
  const marks: Array<{ sample: number; judge: number }> = [];
  const { records } = await trainGrpo({
    policy,
    inputs: tasks,
    inputsPerStep: grpo.inputsPerStep,
    groupSize: grpo.groupSize,
    steps: warmupSteps + grpo.steps,
    seed,
    lr: 2e-3,
    progress: 'off',
    // Wall time of rendering and judging the batch's edits (4 at once): the reward side of a step.
    reward: async (inputs, actions) => {
      const started = performance.now();
      const r = await reward(inputs, actions);
      judgeSeconds += (performance.now() - started) / 1000;
      return r;
    },
    onStep: () => marks.push({ sample: policy.sampleSeconds, judge: judgeSeconds }),
  });
  const from = marks[warmupSteps - 1]!;
  const to = marks.at(-1)!;
  return summarise(
    'mini editor (GRPO)',
    judgeName,
    records.slice(warmupSteps),
    to.sample - from.sample,
    to.judge - from.judge,
    grpo.inputsPerStep * grpo.groupSize,
  );
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  const backend = await useFastBackend();
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-bench-rl-'));
  try {
    const rrm = await rrmGcpo(dir);
    const rrmJudge = createMiniRrmJudge(new MiniRrmPolicy({}, createRng(SETTINGS.seed)), {
      featurizer: new RrmFeaturizer(),
    });
    const rows = [
      rrm,
      await editorGrpo('embedded judge', createEmbeddedJudge()),
      await editorGrpo('mini RRM judge', rrmJudge),
    ];
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const table = new Table({
      head: [
        'policy',
        'reward from',
        'rollouts/step',
        'rollouts/s',
        'steps/s',
        'updates/s',
        'sample',
        'judge',
        'optimiser',
      ],
    });
    for (const r of rows) {
      table.push([
        r.policy,
        r.judge,
        r.rolloutsPerStep,
        r.rolloutsPerSecond.toFixed(0),
        r.stepsPerSecond.toFixed(2),
        r.updatesPerSecond.toFixed(2),
        pct(r.share.policySample),
        pct(r.share.judge),
        pct(r.share.optimiser),
      ]);
    }
    const cpu = cpus()[0]?.model.trim() ?? 'unknown';
    const machine = { cores: cpus().length, cpu, node: process.version, tfjsBackend: backend };
    console.log(
      `machine: ${machine.cores} cores (${cpu}), Node ${process.version}, tfjs ${backend}; 1-minute load ${loadBefore.toFixed(2)} before`,
    );
    console.log(
      `${SETTINGS.gcpo.steps} GCPO steps (${SETTINGS.gcpo.pairsPerStep} pairs x 2 edits x N=${SETTINGS.gcpo.traces}) and ` +
        `${SETTINGS.grpo.steps} GRPO steps per judge (${SETTINGS.grpo.inputsPerStep} tasks x G=${SETTINGS.grpo.groupSize}), after ${SETTINGS.warmupSteps} warm-up steps each; one optimiser update a step`,
    );
    console.log(table.toString());
    const totalSeconds = (performance.now() - started) / 1000;
    console.log(`total ${totalSeconds.toFixed(1)} s; 1-minute load ${loadavg()[0]!.toFixed(2)} after`);
    console.log(
      JSON.stringify({
        bench: 'rl',
        machine: { ...machine, loadAverage: { before: loadBefore, after: loadavg()[0] } },
        settings: SETTINGS,
        rows,
        totalSeconds,
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

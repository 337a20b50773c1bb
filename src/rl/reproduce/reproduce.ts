import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '../../core/index.js';
import { runBench, type GsbResult, type Interval } from '../../bench/index.js';
import { createEmbeddedJudge } from '../../rrm/index.js';
import { writeWorld } from '../../world/index.js';
import {
  compareEditors,
  createHolisticJudge,
  EditorPolicy,
  makeEditTasks,
  type EditorComparison,
} from '../editor/index.js';
import {
  accuracyDifference,
  createMiniRrmJudge,
  evaluateRrm,
  RrmFeaturizer,
  type RrmEvaluation,
} from '../rrm/index.js';
import type { StepRecord } from '../train/index.js';
import { runEditorGrpo } from './editor-runs.js';
import { makePipelineSftData } from './pipeline-sft-data.js';
import { renderResultsMarkdown } from './results-markdown.js';
import { ReproduceResultsSchema, type ReproduceResults } from './results.js';
import {
  heldOutSeeds,
  FULL_SETTINGS,
  QUICK_SETTINGS,
  TRAINING_SEEDS,
  type ReproduceSettings,
} from './reproduce-settings.js';
import { runRrmGcpo, runRrmSft } from './rrm-runs.js';
import { useFastBackend } from './tf-backend.js';

export interface ReproduceOptions {
  /** Selects the held-out seeds (reproduce-settings.ts heldOutSeeds). */
  seed: number;
  /** Folder for the data, the four training runs and report.html. */
  out: string;
  quick: boolean;
  /** Where RESULTS.md and results.json go. */
  docsDir: string;
  /** The command line as typed, for RESULTS.md. */
  command: string;
  log?: (line: string) => void;
}

/** One editor's summary of the reward-hacking watch: judge reward and oracle score over the last steps. */
export interface WatchSummary {
  judgeFirst: number;
  judgeLast: number;
  oracleFirst: number;
  oracleLast: number;
}

/** Everything RESULTS.md reports: the results.json numbers and how they were made. */
export interface ReproduceReport {
  results: ReproduceResults;
  settings: ReproduceSettings;
  seeds: { heldOutPairs: number; heldOutTasks: number } & typeof TRAINING_SEEDS;
  backend: string;
  command: string;
  quick: boolean;
  sftRows: number;
  gcpoPairs: number;
  testPairs: { ranked: number; same: number };
  rrm: {
    sft: RrmEvaluation['accuracy'];
    gcpo: RrmEvaluation['accuracy'];
    difference: number;
    interval: Interval | null;
  };
  embeddedAccuracy: number | null;
  editor: { rrm: GsbResult; holistic: GsbResult; watchRrm: WatchSummary; watchHolistic: WatchSummary };
  /** Seconds per stage, in order. */
  seconds: Array<[string, number]>;
  totalSeconds: number;
}

/** Mean of `pick` over the first and the last tenth (at least one step) of a run. */
function watchSummary(records: readonly StepRecord[]): WatchSummary {
  const k = Math.max(1, Math.floor(records.length / 10));
  const avg = (rs: readonly StepRecord[], pick: (r: StepRecord) => number) =>
    rs.reduce((s, r) => s + pick(r), 0) / Math.max(rs.length, 1);
  const first = records.slice(0, k);
  const last = records.slice(-k);
  return {
    judgeFirst: avg(first, (r) => r.rewardMean),
    judgeLast: avg(last, (r) => r.rewardMean),
    oracleFirst: avg(first, (r) => r.extra.oracleMean ?? 0),
    oracleLast: avg(last, (r) => r.extra.oracleMean ?? 0),
  };
}

/**
 * `edit-r1 reproduce`: issue 6's table end to end on EditWorld. SFT data through the pipeline; SFT,
 * then GCPO of the miniature RRM; both evaluated on held-out pairs (strict pairwise accuracy against
 * the oracle's preferences, paired bootstrap interval of the difference, mean scores); GRPO of the
 * miniature editor from one base policy with the GCPO RRM as reward and, separately, with the
 * holistic judge; GSB against the base with the oracle as the human. Writes results.json and
 * RESULTS.md into docsDir and report.html into out.
 */
export async function reproduce(options: ReproduceOptions): Promise<ReproduceReport> {
  const log = options.log ?? (() => undefined);
  const s = options.quick ? QUICK_SETTINGS : FULL_SETTINGS;
  const held = heldOutSeeds(options.seed);
  const backend = await useFastBackend();
  const started = performance.now();
  const seconds: Array<[string, number]> = [];
  let mark = performance.now();
  const stage = (name: string) => {
    const now = performance.now();
    seconds.push([name, (now - mark) / 1000]);
    log(`${name}: ${((now - mark) / 1000).toFixed(1)} s`);
    mark = now;
  };
  const every = (name: string, total: number) => (r: StepRecord) => {
    if ((r.step + 1) % 10 === 0 || r.step + 1 === total)
      log(`${name} step ${r.step + 1}/${total}: reward ${r.rewardMean.toFixed(3)}`);
  };
  await mkdir(options.out, { recursive: true });

  // 1. SFT data through the pipeline; GCPO's preference pairs and the held-out pairs from EditWorld.
  const sftData = await makePipelineSftData(join(options.out, 'pipeline'), {
    seed: TRAINING_SEEDS.pipeline,
    sources: s.pipelineSources,
    perInput: s.candidatesPerSource,
  });
  stage(`pipeline: ${sftData.rows} SFT rows`);
  const worldOptions = { size: 128 };
  const trainWorld = join(options.out, 'pairs-train');
  const testWorld = join(options.out, 'pairs-test');
  await writeWorld(trainWorld, { ...worldOptions, pairs: s.trainPairs, seed: TRAINING_SEEDS.gcpoPairs });
  await writeWorld(testWorld, { ...worldOptions, pairs: s.testPairs, seed: held.pairs });
  stage('EditWorld pairs');

  // 2. The RRM: SFT, GCPO, both evaluated on the held-out pairs.
  const featurizer = new RrmFeaturizer();
  const sft = await runRrmSft({
    data: sftData.exportDir,
    out: join(options.out, 'rrm-sft'),
    seed: TRAINING_SEEDS.sft,
    epochs: s.sftEpochs,
    lr: s.sftLr,
    featurizer,
    onEpoch: (r) => {
      if (r.epoch % 10 === 0 || r.epoch === s.sftEpochs)
        log(`sft epoch ${r.epoch}: loss ${r.loss.toFixed(3)}`);
    },
  });
  stage('RRM SFT');
  const gcpo = await runRrmGcpo({
    init: sft.folder.dir,
    pairs: join(trainWorld, 'pairs.jsonl'),
    out: join(options.out, 'rrm-gcpo'),
    seed: TRAINING_SEEDS.gcpo,
    steps: s.gcpoSteps,
    lr: s.gcpoLr,
    pairsPerStep: s.gcpoPairsPerStep,
    traces: s.gcpoTraces,
    featurizer,
    progress: 'off',
    onStep: every('gcpo', s.gcpoSteps),
  });
  stage('RRM GCPO');
  const testPairs = join(testWorld, 'pairs.jsonl');
  const sftEval = await evaluateRrm(sft.policy, testPairs, { featurizer });
  const gcpoEval = await evaluateRrm(gcpo.policy, testPairs, { featurizer });
  const diff = accuracyDifference(sftEval, gcpoEval, {
    rng: createRng(options.seed),
    resamples: s.bootstrapResamples,
  });
  const embedded = await embeddedAccuracy(testPairs);
  stage('RRM evaluation');

  // 3. The editor: GRPO from one base policy with each reward, compared on held-out tasks.
  const [trainTasks, testTasks] = await Promise.all([
    makeEditTasks({ seed: TRAINING_SEEDS.editorTasks, count: s.editorTasks }),
    makeEditTasks({ seed: held.tasks, count: s.editorTestTasks }),
  ]);
  const editorRun = async (
    name: string,
    judge: Parameters<typeof runEditorGrpo>[0]['judge'],
    rewardName: string,
  ) => {
    const records: StepRecord[] = [];
    const run = await runEditorGrpo({
      judge,
      rewardName,
      tasks: trainTasks,
      out: join(options.out, name),
      seed: TRAINING_SEEDS.editorGrpo,
      initSeed: TRAINING_SEEDS.editorInit,
      steps: s.editorSteps,
      lr: s.editorLr,
      inputsPerStep: s.editorInputsPerStep,
      groupSize: s.editorGroupSize,
      progress: 'off',
      onStep: (r) => {
        records.push(r);
        every(name, s.editorSteps)(r);
      },
    });
    return { policy: run.policy, watch: watchSummary(records) };
  };
  const rrmJudge = createMiniRrmJudge(gcpo.policy, { featurizer: new RrmFeaturizer(), id: 'mini-rrm-gcpo' });
  const withRrm = await editorRun('editor-grpo-rrm', rrmJudge, `rrm:${gcpo.folder.dir}`);
  stage('editor GRPO, GCPO RRM reward');
  const withHolistic = await editorRun('editor-grpo-holistic', createHolisticJudge(), 'holistic');
  stage('editor GRPO, holistic reward');
  const base = new EditorPolicy(undefined, createRng(TRAINING_SEEDS.editorInit));
  const compare = (test: EditorPolicy): EditorComparison =>
    compareEditors(test, base, testTasks, {
      rng: createRng(options.seed + 7),
      resamples: s.bootstrapResamples,
    });
  const rrmVsBase = compare(withRrm.policy);
  const holisticVsBase = compare(withHolistic.policy);
  stage('editor evaluation');

  const results = ReproduceResultsSchema.parse({
    rrm: {
      sftAccuracy: sftEval.accuracy.accuracy ?? 0,
      gcpoAccuracy: gcpoEval.accuracy.accuracy ?? 0,
      diffCi95: diff.interval,
      sftMeanScore: sftEval.meanScore,
      gcpoMeanScore: gcpoEval.meanScore,
    },
    editor: {
      gsb: rrmVsBase.gsb.gsb ?? 0,
      gsbCi95: rrmVsBase.gsb.ci95,
      oracleBase: rrmVsBase.oracleBase,
      oracleGrpoRrm: rrmVsBase.oracleTest,
      oracleGrpoHolistic: holisticVsBase.oracleTest,
    },
  });
  const ranked = sftEval.scored.filter((p) => p.preference !== 'same').length;
  const report: ReproduceReport = {
    results,
    settings: s,
    seeds: { heldOutPairs: held.pairs, heldOutTasks: held.tasks, ...TRAINING_SEEDS },
    backend,
    command: options.command,
    quick: options.quick,
    sftRows: sft.rows.train + sft.rows.validation,
    gcpoPairs: gcpo.pairs,
    testPairs: { ranked, same: sftEval.scored.length - ranked },
    rrm: {
      sft: sftEval.accuracy,
      gcpo: gcpoEval.accuracy,
      difference: diff.difference,
      interval: diff.interval,
    },
    embeddedAccuracy: embedded,
    editor: {
      rrm: rrmVsBase.gsb,
      holistic: holisticVsBase.gsb,
      watchRrm: withRrm.watch,
      watchHolistic: withHolistic.watch,
    },
    seconds,
    totalSeconds: (performance.now() - started) / 1000,
  };
  await mkdir(options.docsDir, { recursive: true });
  await writeFile(join(options.docsDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  await writeFile(join(options.docsDir, 'RESULTS.md'), renderResultsMarkdown(report));
  await writeFile(join(options.out, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  return report;
}

/** The embedded judge's strict accuracy on the same held-out pairs: the teacher the pipeline's traces come from. */
async function embeddedAccuracy(pairsFile: string): Promise<number | null> {
  const result = await runBench({
    pairsFile,
    judge: createEmbeddedJudge(),
    concurrency: 2,
    cacheFile: false,
  });
  return result.accuracy;
}

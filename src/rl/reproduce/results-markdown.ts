import type { Interval } from '../../bench/index.js';
import type { ReproduceReport } from './reproduce.js';

const pct = (v: number | null) => (v === null ? 'n/a' : `${(100 * v).toFixed(1)}%`);
const pts = (v: number) => `${v >= 0 ? '+' : ''}${(100 * v).toFixed(1)}`;
const ci = (i: Interval | null, f: (v: number) => string) =>
  i === null ? 'n/a' : `[${f(i[0])}, ${f(i[1])}]`;
const excludesZero = (i: Interval | null) => i !== null && (i[0] > 0 || i[1] < 0);

/** The claims of issue 6's table, each with its measured numbers and whether this run shows it. */
function verdicts(r: ReproduceReport): string[][] {
  const { results: x } = r;
  const diffShown = x.rrm.gcpoAccuracy > x.rrm.sftAccuracy && excludesZero(x.rrm.diffCi95);
  const gsbShown = x.editor.gsb > 0 && excludesZero(x.editor.gsbCi95);
  return [
    [
      'GCPO improves the RRM beyond SFT',
      `pairwise accuracy vs oracle: SFT ${pct(x.rrm.sftAccuracy)}, SFT+GCPO ${pct(x.rrm.gcpoAccuracy)}; difference ${pts(r.rrm.difference)} points, 95% CI ${ci(x.rrm.diffCi95, pts)}`,
      'GCPO higher, interval excluding zero',
      diffShown ? 'holds' : 'not shown',
    ],
    [
      'a GCPO RRM is stricter',
      `mean final score: SFT ${x.rrm.sftMeanScore.toFixed(2)}, GCPO ${x.rrm.gcpoMeanScore.toFixed(2)}`,
      'reported',
      x.rrm.gcpoMeanScore < x.rrm.sftMeanScore ? 'holds (lower mean)' : 'not shown (mean not lower)',
    ],
    [
      'the RRM as reward improves the editor',
      `GSB of GRPO(RRM) vs base, oracle as the human: ${pts(x.editor.gsb)}%, 95% CI ${ci(x.editor.gsbCi95, pts)}`,
      '> 0 (paper: +23.2%)',
      gsbShown ? 'holds' : x.editor.gsb > 0 ? 'positive, interval includes zero' : 'not shown',
    ],
    [
      'RRM reward vs a plain scorer reward',
      `mean oracle score (0-10): base ${x.editor.oracleBase.toFixed(2)}, GRPO with RRM ${x.editor.oracleGrpoRrm.toFixed(2)}, GRPO with holistic ${x.editor.oracleGrpoHolistic.toFixed(2)}`,
      'reported',
      x.editor.oracleGrpoRrm > x.editor.oracleGrpoHolistic ? 'RRM reward ahead' : 'holistic reward ahead',
    ],
  ];
}

/** Plain sentences on what the numbers do and do not show, decided from the numbers themselves. */
function reading(r: ReproduceReport): string[] {
  const x = r.results;
  const lines: string[] = [];
  const d = r.rrm.difference;
  lines.push(
    excludesZero(x.rrm.diffCi95) && d > 0
      ? `- **GCPO beyond SFT holds here**: on the same ${r.testPairs.ranked} held-out pairs GCPO ranks ${pts(d)} points more pairs right than its own SFT start, and the paired interval excludes zero.`
      : `- **GCPO beyond SFT is not shown by this run**: the difference is ${pts(d)} points and its interval ${ci(x.rrm.diffCi95, pts)} ${excludesZero(x.rrm.diffCi95) ? 'excludes zero on the wrong side' : 'includes zero'}.`,
  );
  lines.push(
    x.rrm.gcpoMeanScore < x.rrm.sftMeanScore
      ? `- **Stricter**: GCPO's mean final score is ${(x.rrm.sftMeanScore - x.rrm.gcpoMeanScore).toFixed(2)} lower than SFT's, as the paper reports for its GCPO RRM.`
      : `- **Not stricter**: GCPO's mean final score is ${(x.rrm.gcpoMeanScore - x.rrm.sftMeanScore).toFixed(2)} higher than SFT's; the paper's "stricter judge" does not carry over here.`,
  );
  lines.push(
    x.editor.gsb > 0 && excludesZero(x.editor.gsbCi95)
      ? `- **The RRM as reward improves the editor**: GSB ${pts(x.editor.gsb)}% against the base with the oracle choosing (paper: +23.2% with people choosing, on a diffusion editor; the sizes are not comparable, the sign is).`
      : `- **The RRM as reward does not measurably improve the editor** in this run: GSB ${pts(x.editor.gsb)}%, interval ${ci(x.editor.gsbCi95, pts)}.`,
  );
  const wr = r.editor.watchRrm;
  const wh = r.editor.watchHolistic;
  const gap = (w: typeof wr) => w.judgeLast - w.oracleLast - (w.judgeFirst - w.oracleFirst);
  lines.push(
    `- **RRM reward vs the holistic scorer**: the oracle's mean score after GRPO is ${x.editor.oracleGrpoRrm.toFixed(2)} with the RRM reward and ${x.editor.oracleGrpoHolistic.toFixed(2)} with the holistic one (base ${x.editor.oracleBase.toFixed(2)}). During training the judge-minus-oracle gap moved by ${gap(wr) >= 0 ? '+' : ''}${gap(wr).toFixed(3)} with the RRM and ${gap(wh) >= 0 ? '+' : ''}${gap(wh).toFixed(3)} with the holistic scorer: a growing gap is reward the policy earns without the oracle agreeing (reward hacking).`,
  );
  lines.push(
    '- **Limits**: EditWorld is synthetic and its oracle is exact, so "the human" here never disagrees with itself; the miniature policies are MLPs over parsed-scene features, not VLMs or diffusion models; one seed of each trainer was run, so run-to-run spread is not in the intervals (they cover the choice of test items only).',
  );
  return lines;
}

/** docs/RESULTS.md: the table with this run's numbers, seeds, commands, times, and how to read them. */
export function renderResultsMarkdown(r: ReproduceReport): string {
  const s = r.settings;
  const table = [
    '| claim (PAPER.md) | measured | must show | this run |',
    '| --- | --- | --- | --- |',
    ...verdicts(r).map((row) => `| ${row.join(' | ')} |`),
  ];
  const w = (x: ReproduceReport['editor']['watchRrm']) =>
    `judge reward ${x.judgeFirst.toFixed(3)} -> ${x.judgeLast.toFixed(3)}, oracle ${x.oracleFirst.toFixed(3)} -> ${x.oracleLast.toFixed(3)} (first and last tenth of the steps, both 0-1)`;
  return [
    "# Results: reproducing Edit-R1's claims on EditWorld",
    '',
    `Written by \`${r.command}\`${r.quick ? ' (--quick: toy sizes, the numbers mean nothing)' : ''} in ${(r.totalSeconds / 60).toFixed(1)} minutes on this machine's 2 CPU cores (tfjs backend: ${r.backend}). The numbers are also in docs/results.json; each training run's report.html (learning curves, and for the editors the judge-reward-vs-oracle plot) is under the run folder.`,
    '',
    ...table,
    '',
    '## Reading',
    '',
    ...reading(r),
    '',
    '## What was run',
    '',
    `- **SFT data through the pipeline** (PAPER.md section 3): an offline run config like examples/pipeline/offline.yaml (EditWorld inputs, ${s.candidatesPerSource} candidate edits each, a trace pool of the embedded judge and two noisier variants, the oracle as the verifier's gold, minAccuracy 0.6), ${s.pipelineSources} scenes, exported as jsonl: ${r.sftRows} kept rows. The pipeline path is fast enough here, so writeWorldSftRows was not needed.`,
    `- **RRM SFT**: ${s.sftEpochs} epochs, lr ${s.sftLr}, batch 32, 10% of rows held out for the token metrics.`,
    `- **RRM GCPO**: ${s.gcpoSteps} steps, lr ${s.gcpoLr}, ${s.gcpoPairsPerStep} pairs a step, N = ${s.gcpoTraces} traces per image, clip 0.2, no KL; ${r.gcpoPairs} ranked EditWorld pairs (of ${s.trainPairs}; 'same' left out).`,
    `- **RRM evaluation**: ${r.testPairs.ranked} ranked held-out pairs (${r.testPairs.same} 'same' pairs counted apart), greedy traces, strict accuracy (a tie is wrong), paired bootstrap (${s.bootstrapResamples} resamples) of the difference. For scale: the embedded judge, whose traces the pipeline keeps, scores ${pct(r.embeddedAccuracy)} on the same pairs.`,
    `- **Editor GRPO**: the same base editor (seed ${r.seeds.editorInit}) trained ${s.editorSteps} steps, lr ${s.editorLr}, ${s.editorInputsPerStep} tasks x ${s.editorGroupSize} edits a step, on ${s.editorTasks} tasks, once with the GCPO RRM as reward and once with the holistic single-score judge; compared with the base on ${s.editorTestTasks} held-out tasks by their mode edits, the oracle choosing (same within 0.5).`,
    `- Reward-hacking watch, GCPO RRM reward: ${w(r.editor.watchRrm)}.`,
    `- Reward-hacking watch, holistic reward: ${w(r.editor.watchHolistic)}. GSB of that editor vs base: ${pts(r.editor.holistic.gsb ?? 0)}%, 95% CI ${ci(r.editor.holistic.ci95, pts)}.`,
    '',
    '## Seeds',
    '',
    `Held out (\`--seed ${r.seeds.heldOutPairs}\`): EditWorld pairs seed ${r.seeds.heldOutPairs}, editor tasks seed ${r.seeds.heldOutTasks}. Training (fixed): pipeline scenes ${r.seeds.pipeline}, GCPO pairs ${r.seeds.gcpoPairs}, editor tasks ${r.seeds.editorTasks}; trainers SFT ${r.seeds.sft}, GCPO ${r.seeds.gcpo}, GRPO ${r.seeds.editorGrpo}.`,
    '',
    '## Commands',
    '',
    '```',
    r.command,
    '# the same stages one by one:',
    'npx edit-r1 pipeline run --config <out>/pipeline/pipeline.json',
    'npx edit-r1 pipeline export --config <out>/pipeline/pipeline.json --format jsonl --out <out>/pipeline/sft',
    `npx edit-r1 train rrm --sft --data <out>/pipeline/sft --out <out>/rrm-sft --epochs ${s.sftEpochs} --seed ${r.seeds.sft}`,
    `npx edit-r1 train rrm --gcpo --init <out>/rrm-sft --pairs <out>/pairs-train/pairs.jsonl --out <out>/rrm-gcpo --steps ${s.gcpoSteps} --seed ${r.seeds.gcpo}`,
    `npx edit-r1 train editor --grpo --reward rrm:<out>/rrm-gcpo --out <out>/editor-grpo-rrm --steps ${s.editorSteps} --seed ${r.seeds.editorGrpo}`,
    `npx edit-r1 train editor --grpo --reward holistic --out <out>/editor-grpo-holistic --steps ${s.editorSteps} --seed ${r.seeds.editorGrpo}`,
    '```',
    '',
    '## Times',
    '',
    '| stage | seconds |',
    '| --- | --- |',
    ...r.seconds.map(([name, sec]) => `| ${name} | ${sec.toFixed(1)} |`),
    `| total | ${r.totalSeconds.toFixed(1)} |`,
    '',
  ].join('\n');
}

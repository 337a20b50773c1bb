import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportRun, openRun, runWorker } from '../../pipeline/index.js';

export interface PipelineSftOptions {
  /** Seeds EditWorld's scenes and the run. */
  seed: number;
  /** EditWorld scenes, one edit instruction each; each gets `perInput` candidate edits. */
  sources: number;
  perInput?: number;
  size?: number;
  log?: (line: string) => void;
}

/**
 * Cold-start SFT data made THROUGH the pipeline (PAPER.md section 3), offline like
 * examples/pipeline/offline.yaml: EditWorld inputs and candidate edits, a trace pool of the embedded
 * judge and two noisier variants, the world's oracle as the verifier's gold, the most accurate trace
 * kept, exported as jsonl (rows.jsonl, what `train rrm --sft` reads). Returns the export folder.
 */
export async function makePipelineSftData(
  dir: string,
  options: PipelineSftOptions,
): Promise<{ exportDir: string; rows: number }> {
  await mkdir(dir, { recursive: true });
  const config = {
    store: 'sqlite:pipeline.sqlite',
    workDir: 'run',
    inputs: { editworld: { seed: options.seed, sources: options.sources, size: options.size ?? 128 } },
    backends: {
      embedded: { type: 'embedded' },
      'noisy-light': { type: 'embedded-noisy', flip: 0.1, seed: options.seed + 1 },
      'noisy-heavy': { type: 'embedded-noisy', flip: 0.3, seed: options.seed + 2 },
    },
    decomposer: { type: 'given' },
    candidates: [
      {
        name: 'world',
        type: 'editworld',
        perInput: options.perInput ?? 4,
        mix: { perfect: 2, partial: 1, leakage: 1, 'wrong-target': 1, 'no-op': 1, 'white-border': 1 },
      },
    ],
    tracePool: [
      { backend: 'embedded', promptVariant: 'standard', temperature: 0, n: 1 },
      { backend: 'noisy-light', promptVariant: 'strict', temperature: 0.7, n: 2 },
      { backend: 'noisy-heavy', promptVariant: 'concise', temperature: 1.0, n: 2 },
    ],
    verifier: { type: 'oracle' },
    select: { minAccuracy: 0.6 },
    retries: { maxAttempts: 3 },
    export: { images: 'copy' },
    seed: options.seed,
  };
  const configFile = join(dir, 'pipeline.json');
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const run = await openRun(configFile);
  try {
    await runWorker(run, options.log ? { log: options.log } : {});
    const exportDir = join(dir, 'sft');
    const summary = await exportRun(run, { format: 'jsonl', outDir: exportDir });
    return { exportDir, rows: summary.kept };
  } finally {
    await run.close();
  }
}

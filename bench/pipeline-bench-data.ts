import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/** Edited images per input: each input's quadruples are these four, so 4 x inputs quadruples in all. */
export const EDITS_PER_INPUT = 4;
export const TRACES_PER_QUADRUPLE = 4;

export interface BenchRunSettings {
  quadruples: number;
  /** The stand-in's base URL (trace pool and verifier). */
  baseURL: string;
  /** The backend's concurrency in each worker process. */
  concurrency: number;
}

const PRINCIPLES = [
  { question: 'Is the square blue?', category: 'instruction-following' },
  { question: 'Is the background unchanged?', category: 'feature-preservation' },
  { question: 'Is the image free of artifacts?', category: 'image-quality' },
];

/** A 64 px square of one colour: the source and the edits differ in colour only, and stay tiny on the wire. */
function square(colour: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64" fill="#eee"/><rect x="16" y="16" width="32" height="32" fill="${colour}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/**
 * A run in `dir` of `quadruples` quadruples (quadruples / 4 inputs, each with the same four edited images
 * from a JSONL candidate source, principles given), each judged by 4 trace samples of one VLM member and
 * labelled by the VLM verifier, both on the stand-in. Returns the config's path; the store is given with
 * --store (or openRun's override) by the caller.
 */
export async function writeBenchRun(dir: string, settings: BenchRunSettings): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'source.png'), await square('#d22b2b'));
  const colours = ['#2b4fd2', '#2bd24f', '#1b2f92', '#d2b42b'];
  for (const [i, colour] of colours.entries())
    await writeFile(join(dir, `edit-${i}.png`), await square(colour));
  const inputs = Math.ceil(settings.quadruples / EDITS_PER_INPUT);
  const id = (i: number) => `in-${String(i).padStart(6, '0')}`;
  const inputLines = Array.from({ length: inputs }, (_, i) =>
    JSON.stringify({
      id: id(i),
      source: 'source.png',
      instruction: 'Make the red square blue',
      principles: PRINCIPLES,
    }),
  );
  const editLines = Array.from({ length: inputs }, (_, i) =>
    colours.map((_, k) => JSON.stringify({ inputId: id(i), edited: `edit-${k}.png`, id: `e${k}` })),
  ).flat();
  await writeFile(join(dir, 'inputs.jsonl'), `${inputLines.join('\n')}\n`);
  await writeFile(join(dir, 'edits.jsonl'), `${editLines.join('\n')}\n`);
  const config = {
    store: 'sqlite:pipeline.sqlite',
    workDir: 'run',
    inputs: { jsonl: 'inputs.jsonl' },
    backends: {
      vlm: { type: 'openai', baseURL: settings.baseURL, concurrency: settings.concurrency, maxRetries: 0 },
    },
    decomposer: { type: 'given' },
    candidates: [{ name: 'given', type: 'jsonl', path: 'edits.jsonl' }],
    tracePool: [{ backend: 'vlm', model: 'bench-vlm', temperature: 0.7, n: TRACES_PER_QUADRUPLE }],
    verifier: { type: 'vlm', backend: 'vlm', model: 'bench-vlm' },
    select: { minAccuracy: 0.5 },
    seed: 1,
  };
  const path = join(dir, 'run.yaml');
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

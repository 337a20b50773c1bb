import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng } from '../src/index.js';
import { drawTask } from './edit-kinds.js';
import { paintScene, type Canvas } from './scene.js';

/** One source with its instruction and the paths of its candidate edits. */
export interface SourceTask {
  source: string;
  instruction: string;
  edits: string[];
}

export interface EditSetSpec {
  dir: string;
  /** Name prefix, so that warm-up and measured sets can share a folder. */
  prefix: string;
  sources: number;
  editsPerSource: number;
  side: number;
  quality: number;
  seed: number;
}

export interface EditSet {
  tasks: SourceTask[];
  /** Encoded bytes over all files, for the report. */
  bytes: number;
}

/** Baseline JPEG without Huffman optimisation: mozjpeg's extra pass would make writing 450 files take 12 s, not 3. */
async function writeJpeg(canvas: Canvas, quality: number, path: string): Promise<number> {
  const raw = Buffer.from(canvas.data.buffer, canvas.data.byteOffset, canvas.data.byteLength);
  const jpeg = await sharp(raw, { raw: { width: canvas.side, height: canvas.side, channels: 3 } })
    .jpeg({ quality, optimiseCoding: false })
    .toBuffer();
  await writeFile(path, jpeg);
  return jpeg.length;
}

/**
 * Paints the sources and their edits from one seed and writes them as JPEGs. Each source gets one
 * instruction and `editsPerSource` candidate edits of it (a GRPO group, in the paper's terms).
 */
export async function writeEditSet(spec: EditSetSpec): Promise<EditSet> {
  const rng = createRng(spec.seed);
  const tasks: SourceTask[] = [];
  let bytes = 0;
  // The previous source's files are encoded (off the main thread) while the next one is painted.
  let previous: Promise<void> = Promise.resolve();
  for (let s = 0; s < spec.sources; s++) {
    const sourceRng = rng.fork();
    const { canvas, subject } = paintScene(spec.side, sourceRng);
    const task = drawTask(sourceRng, subject, spec.side);
    const name = (suffix: string) =>
      join(spec.dir, `${spec.prefix}-${String(s).padStart(3, '0')}${suffix}.jpg`);
    const writes = [writeJpeg(canvas, spec.quality, name(''))];
    const edits: string[] = [];
    for (let e = 0; e < spec.editsPerSource; e++) {
      const edited: Canvas = { side: canvas.side, data: new Uint8ClampedArray(canvas.data) };
      task.paint(edited, sourceRng.fork(), e);
      edits.push(name(`-edit-${e}`));
      writes.push(writeJpeg(edited, spec.quality, edits[e]!));
    }
    tasks.push({ source: name(''), instruction: task.instruction, edits });
    await previous;
    previous = Promise.all(writes).then((sizes) => {
      bytes += sizes.reduce((sum, n) => sum + n, 0);
    });
  }
  await previous;
  return { tasks, bytes };
}

import { join } from 'node:path';
import pLimit from 'p-limit';
import { createRng } from '../../core/index.js';
import { drawEdit, generateScene, renderScene } from '../../world/index.js';
import type { EditWorldInputsConfig } from '../config/index.js';
import { sha256Hex, writeIfChanged } from './files.js';
import type { PreparedInput } from './types.js';

/** Renders in flight at once: sharp works on its own threads, two keep both cores busy. */
const RENDER_CONCURRENCY = 2;

/** `s0001`...: as EditWorld names its sources, wide enough that ids sort in order. */
function sourceId(index: number, count: number): string {
  return `s${String(index).padStart(Math.max(4, String(count).length), '0')}`;
}

/**
 * `sources` EditWorld inputs from one seed: per source a scene and one edit drawn from a single seeded
 * stream (the same seed gives the same scenes and edits), the source rendered as PNG into
 * `<workDir>/world/<id>.png` (left alone when the file already holds those bytes, so a rerun writes
 * nothing), the instruction, category and gold principles from the edit.
 */
export async function makeWorldInputs(
  options: EditWorldInputsConfig,
  workDir: string,
): Promise<PreparedInput[]> {
  const rng = createRng(options.seed);
  const drawn = Array.from({ length: options.sources }, (_, i) => {
    const scene = generateScene(rng);
    return { id: sourceId(i + 1, options.sources), scene, edit: drawEdit(scene, rng) };
  });
  const limit = pLimit(RENDER_CONCURRENCY);
  return Promise.all(
    drawn.map(({ id, scene, edit }) =>
      limit(async (): Promise<PreparedInput> => {
        const png = await renderScene(scene, { size: options.size });
        const source = join(workDir, 'world', `${id}.png`);
        await writeIfChanged(source, png);
        return {
          id,
          source,
          instruction: edit.instruction,
          category: edit.category,
          principles: edit.principles,
          sourceSha256: sha256Hex(png),
          world: { scene, edit, size: options.size },
        };
      }),
    ),
  );
}

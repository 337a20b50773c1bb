import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { createRng, type SceneGraph } from '../core/index.js';
import { makeWorld } from './make-pairs.js';
import { renderScene } from './render.js';
import type { Artifact } from './types.js';
import { resolveWorldOptions, type WorldOptions } from './world-options.js';

/** Renders in flight at once: sharp works on its own threads, two keep both cores busy. */
const RENDER_CONCURRENCY = 2;

const line = (value: unknown) => `${JSON.stringify(value)}\n`;

/**
 * Writes a world to `dir`: images/<id>.png (each source and each candidate some pair uses),
 * pairs.jsonl (one PairSchema line per pair, image paths relative to it, plus the oracle's scores and
 * the failure modes) and world.jsonl (per image: its true scene, artefacts, failure and note). The
 * same options give byte-identical files.
 */
export async function writeWorld(
  dir: string,
  options: Partial<WorldOptions>,
): Promise<{ pairs: number; images: number }> {
  const o = resolveWorldOptions(options);
  const items = makeWorld(o, createRng(o.seed));
  await mkdir(join(dir, 'images'), { recursive: true });
  const path = (id: string) => `images/${id}.png`;
  const renders: Array<{ id: string; scene: SceneGraph; artifacts: Artifact[] }> = [];
  const pairLines: string[] = [];
  const worldLines: string[] = [];
  for (const item of items) {
    const used = new Set(item.pairs.flatMap((p) => [p.a, p.b]));
    renders.push({ id: item.sourceId, scene: item.source, artifacts: [] });
    worldLines.push(
      line({
        id: item.sourceId,
        role: 'source',
        category: item.edit.category,
        instruction: item.edit.instruction,
        scene: item.source,
        target: item.edit.target,
        artifacts: [],
        failure: null,
        note: 'source',
      }),
    );
    const byId = new Map(item.candidates.map((c) => [c.id, c]));
    for (const c of item.candidates.filter((x) => used.has(x.id))) {
      renders.push({ id: c.id, scene: c.candidate.scene, artifacts: c.candidate.artifacts });
      worldLines.push(
        line({
          id: c.id,
          role: 'candidate',
          sourceId: item.sourceId,
          scene: c.candidate.scene,
          artifacts: c.candidate.artifacts,
          failure: c.candidate.failure,
          note: c.candidate.note,
          oracle: c.oracle,
        }),
      );
    }
    for (const p of item.pairs) {
      const [a, b] = [byId.get(p.a)!, byId.get(p.b)!];
      pairLines.push(
        line({
          id: p.id,
          category: item.edit.category,
          instruction: item.edit.instruction,
          source: path(item.sourceId),
          a: path(p.a),
          b: path(p.b),
          preference: p.preference,
          principles: item.edit.principles,
          oracle: { a: a.oracle.score, b: b.oracle.score },
          failures: { a: a.candidate.failure, b: b.candidate.failure },
          noisy: p.noisy,
        }),
      );
    }
  }
  const limit = pLimit(RENDER_CONCURRENCY);
  await Promise.all(
    renders.map((r) =>
      limit(async () => {
        const png = await renderScene(r.scene, { size: o.size, artifacts: r.artifacts });
        await writeFile(join(dir, path(r.id)), png);
      }),
    ),
  );
  await writeFile(join(dir, 'pairs.jsonl'), pairLines.join(''));
  await writeFile(join(dir, 'world.jsonl'), worldLines.join(''));
  return { pairs: pairLines.length, images: renders.length };
}

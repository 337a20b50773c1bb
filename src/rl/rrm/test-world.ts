import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeWorldSftRows } from './world-sft-rows.js';

/** A small EditWorld with rows.jsonl and pairs.jsonl in a fresh temporary folder (size 128, for tests). */
export async function smallWorld(
  pairs: number,
  seed: number,
): Promise<Awaited<ReturnType<typeof writeWorldSftRows>> & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'mini-rrm-'));
  return { dir, ...(await writeWorldSftRows(dir, { pairs, seed, size: 128 })) };
}

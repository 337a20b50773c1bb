// Shared by the pipeline's process-level tests (resume after kill -9, several workers): a run config on
// EditWorld whose trace pool and verifier are an OpenAI-compatible stand-in, the CLI spawned as a user
// runs it, and readers for what a run leaves behind (the export folder, the seeds of finished work).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  openStore,
  seedOfKey,
  type PipelineStore,
  type StageCounts,
  type StageName,
  type TracePayload,
} from '../src/pipeline/index.js';
import { pipelineStandIn, standInSeedOf, startStandIn, type StandIn } from '../src/testing/index.js';

export const REPO = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(REPO, 'bin', 'edit-r1.js');

export interface StandInRunConfig {
  /** The stand-in's base URL: the trace pool's VLM members and the verifier ask it. */
  baseURL: string;
  /** EditWorld sources (one input each). */
  sources: number;
  /** EditWorld candidates per input. */
  perInput: number;
  /** The stand-in backend's concurrency. */
  concurrency: number;
  store?: string;
}

/** The config's name for the stand-in backend. */
export const STAND_IN_BACKEND = 'vlm';

/**
 * A run config in `dir` (written as JSON, which is YAML): EditWorld inputs and candidates at 64 px, the
 * VLM decomposer on the stand-in (1 request an input), a trace pool of three VLM members on the stand-in
 * (prompt variants and temperatures differ; 4 requests a quadruple), and the VLM verifier on the stand-in
 * (1 request a quadruple). Returns the config's path.
 */
export async function writeStandInConfig(dir: string, options: StandInRunConfig): Promise<string> {
  await mkdir(dir, { recursive: true });
  const config = {
    store: options.store ?? 'sqlite:pipeline.sqlite',
    workDir: 'run',
    inputs: { editworld: { seed: 11, sources: options.sources, size: 64 } },
    backends: {
      [STAND_IN_BACKEND]: {
        type: 'openai',
        baseURL: options.baseURL,
        concurrency: options.concurrency,
        maxRetries: 0,
      },
    },
    decomposer: { type: 'vlm', backend: STAND_IN_BACKEND, model: 'stand-in-vlm' },
    candidates: [{ name: 'world', type: 'editworld', perInput: options.perInput }],
    tracePool: [
      { backend: 'vlm', model: 'stand-in-vlm', promptVariant: 'standard', temperature: 0.7, n: 2 },
      { backend: 'vlm', model: 'stand-in-vlm', promptVariant: 'strict', temperature: 1.0, n: 1 },
      { backend: STAND_IN_BACKEND, model: 'stand-in-vlm', promptVariant: 'concise', temperature: 0.3, n: 1 },
    ],
    verifier: { type: 'vlm', backend: 'vlm', model: 'stand-in-vlm' },
    select: { minAccuracy: 0.5 },
    seed: 5,
  };
  const path = join(dir, 'run.yaml');
  await writeFile(path, JSON.stringify(config, null, 2));
  return path;
}

/** The stand-in answering every pipeline request after `delayMs`, logging each request's seed. */
export function startPipelineStandIn(delayMs: number): Promise<StandIn> {
  return startStandIn({ respond: pipelineStandIn(), delayMs, model: 'stand-in-vlm' });
}

export interface CliProcess {
  child: ChildProcess;
  /** Resolves when the process has exited, with what it printed. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; err: string }>;
}

/** `node bin/edit-r1.js <args>` as a user runs it, its output collected. */
export function spawnCli(args: readonly string[]): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: REPO,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    out: string;
    err: string;
  }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, out, err }));
  });
  return { child, exited };
}

/** Runs the CLI to its end; throws with its output when it does not exit 0. */
export async function cli(args: readonly string[]): Promise<string> {
  const result = await spawnCli(args).exited;
  if (result.code !== 0) {
    throw new Error(
      `edit-r1 ${args.join(' ')} exited ${result.code ?? result.signal}\n${result.out}\n${result.err}`,
    );
  }
  return result.out;
}

/** Every file under `dir` by relative path, with the SHA-256 of its bytes: two equal maps are identical folders. */
export async function folderDigest(dir: string): Promise<Map<string, string>> {
  const digest = new Map<string, string>();
  const walk = async (at: string): Promise<void> => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        digest.set(
          relative(dir, path),
          createHash('sha256')
            .update(await readFile(path))
            .digest('hex'),
        );
    }
  };
  await walk(dir);
  return new Map([...digest].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The stages the stand-in serves: decompose, trace units of the VLM members, and the verifier. */
export const STAND_IN_STAGES: readonly StageName[] = ['decompose', 'trace', 'verify'];

/**
 * The seeds of finished stand-in work in a store, by unit key: the runner sends each unit's request with
 * seed = seedOfKey(key). The stand-in also names the seed it answered in every judge and verifier reply,
 * which the stored result keeps: a result naming another seed than its key's throws.
 */
export async function finishedSeeds(store: PipelineStore): Promise<Map<string, number>> {
  const seeds = new Map<string, number>();
  for (const stage of STAND_IN_STAGES) {
    for (const unit of await store.done(stage)) {
      if (stage === 'trace' && (unit.payload as TracePayload).backend !== STAND_IN_BACKEND) continue;
      const seed = seedOfKey(unit.key);
      const named = stage === 'decompose' ? seed : standInSeedOf(JSON.stringify(unit.result));
      if (named !== seed) {
        throw new Error(
          `${stage} unit ${unit.key} has seed ${seed}, but its stored reply answered seed ${named}`,
        );
      }
      seeds.set(unit.key, seed);
    }
  }
  return seeds;
}

/** The store at `url` through a connection of the test's own, its tables made if the run has not yet. */
export async function openOwnStore(url: string): Promise<PipelineStore> {
  const store = await openStore(url);
  await store.migrate();
  return store;
}

/** One stage's counts (zeros when it has no units yet). */
export function stageCounts(counts: readonly StageCounts[], stage: StageCounts['stage']): StageCounts {
  return (
    counts.find((c) => c.stage === stage) ?? {
      stage,
      pending: 0,
      running: 0,
      done: 0,
      failed: 0,
      promptTokens: 0,
      completionTokens: 0,
    }
  );
}

/** Seeds the stand-in was asked more than once, with how often. */
export function repeatedSeeds(seeds: readonly (number | undefined)[]): Map<number, number> {
  const seen = new Map<number, number>();
  for (const seed of seeds) if (seed !== undefined) seen.set(seed, (seen.get(seed) ?? 0) + 1);
  return new Map([...seen].filter(([, n]) => n > 1));
}

import pLimit from 'p-limit';
import {
  createOpenAICompatibleBackend,
  createVlmJudge,
  decomposeByRules,
  VlmImageEncoder,
  type Judge,
  type Principle,
} from '../src/index.js';
import type { SourceTask } from './edit-set.js';
import { startMachineCpu } from './machine-cpu.js';
import { percentile } from './percentile.js';
import { profileSection } from './profile-section.js';

/** One configuration of the client, measured in a fresh process (cold caches, as a user's run starts). */
export interface PassSpec {
  name: string;
  /** The encoder's maxSide: 1024 sends the 1024 px inputs as they are; less makes it re-encode them. */
  maxSide: number;
  /** 'shared': one encoder (and its cache) for every edit; 'per-edit': a fresh one each, so nothing is cached. */
  encoder: 'shared' | 'per-edit';
  /**
   * 'pool': `concurrency` judge calls at a time, a new one as each ends (per-edit latency is the
   * service time). 'all-at-once': every judge call started together with Promise.all, as a trainer
   * scoring a batch does; the backend still sends only `concurrency` requests at a time.
   */
  issue: 'pool' | 'all-at-once';
}

export interface PassTask {
  spec: PassSpec;
  baseURL: string;
  model: string;
  /** Judge calls in flight at once; also the backend's concurrency limit. */
  concurrency: number;
  warmup: SourceTask[];
  measured: SourceTask[];
  /** File name of the timed section's CPU profile, written when BENCH_CPU_PROF_DIR is set. */
  profileName: string;
}

export interface PassResult {
  spec: PassSpec;
  edits: number;
  wallMs: number;
  editsPerSecond: number;
  /** Client process CPU, user + system, all threads, over the timed section only. */
  cpuMsPerEdit: number;
  /** Share of the timed section the client's event loop was busy (0-1). */
  eventLoopBusy: number;
  /** Busy share of all the machine's cores over the timed section (0-1), everyone's work included; null off Linux. */
  machineBusy: number | null;
  latencyMs: { p50: number; p99: number; max: number };
  encoder: { hits: number; misses: number; passthrough: number };
}

interface Job {
  source: string;
  edited: string;
  instruction: string;
  principles: Principle[];
}

/** Every edit of every task, in task order (a source's edits together, as a trainer's group arrives). */
function jobsOf(tasks: readonly SourceTask[]): Job[] {
  return tasks.flatMap((task) => {
    // Decomposed once per source, before timing: the benchmark measures judging, not decomposition.
    const principles = decomposeByRules(task.instruction);
    return task.edits.map((edited) => ({
      source: task.source,
      edited,
      instruction: task.instruction,
      principles,
    }));
  });
}

/** Judges every job, `calls` at a time; returns each edit's latency. Throws on any malformed verdict. */
async function judgeAll(judgeFor: () => Judge, jobs: readonly Job[], calls: number): Promise<number[]> {
  const limit = pLimit(calls);
  return Promise.all(
    jobs.map((job) =>
      limit(async () => {
        const started = performance.now();
        const verdict = await judgeFor().judge(job);
        const latency = performance.now() - started;
        if (verdict.points.length !== job.principles.length || verdict.warnings) {
          throw new Error(
            `malformed verdict for ${job.edited}: ${verdict.points.length} points, warnings ${JSON.stringify(verdict.warnings ?? [])}`,
          );
        }
        return latency;
      }),
    ),
  );
}

/** Runs one pass: warm up on edits outside the measured set, then time the measured set. */
export async function runPass(task: PassTask): Promise<PassResult> {
  const { spec, concurrency } = task;
  const backend = createOpenAICompatibleBackend({ baseURL: task.baseURL, model: task.model, concurrency });
  const encoders: VlmImageEncoder[] = [];
  const newEncoder = () => {
    const encoder = new VlmImageEncoder({ maxSide: spec.maxSide });
    encoders.push(encoder);
    return encoder;
  };
  const shared = spec.encoder === 'shared' ? createVlmJudge({ backend, encoder: newEncoder() }) : undefined;
  const judgeFor = () => shared ?? createVlmJudge({ backend, encoder: newEncoder() });
  const encoderStats = () =>
    encoders.reduce(
      (sum, e) => ({
        hits: sum.hits + e.stats.hits,
        misses: sum.misses + e.stats.misses,
        passthrough: sum.passthrough + e.stats.passthrough,
      }),
      { hits: 0, misses: 0, passthrough: 0 },
    );

  await judgeAll(judgeFor, jobsOf(task.warmup), concurrency);
  const jobs = jobsOf(task.measured);
  const before = encoderStats();
  // Measured inside the profiled section, so writing a profile is not counted.
  const timed = await profileSection(task.profileName, async () => {
    const loop = performance.eventLoopUtilization();
    const machine = startMachineCpu();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const latencies = await judgeAll(judgeFor, jobs, spec.issue === 'pool' ? concurrency : jobs.length);
    const wallMs = performance.now() - started;
    return {
      latencies,
      wallMs,
      cpu: process.cpuUsage(cpu),
      loop: performance.eventLoopUtilization(loop),
      machineBusy: machine(),
    };
  });
  const after = encoderStats();

  const { latencies, wallMs, cpu } = timed;
  return {
    spec,
    edits: jobs.length,
    wallMs,
    editsPerSecond: jobs.length / (wallMs / 1000),
    cpuMsPerEdit: (cpu.user + cpu.system) / 1000 / jobs.length,
    eventLoopBusy: timed.loop.utilization,
    machineBusy: timed.machineBusy,
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: Math.max(...latencies),
    },
    encoder: {
      hits: after.hits - before.hits,
      misses: after.misses - before.misses,
      passthrough: after.passthrough - before.passthrough,
    },
  };
}

import { startMachineCpu } from './machine-cpu.js';
import { percentile } from './percentile.js';
import type { Sent } from './server-send.js';

export interface LoadResult {
  /** Requests answered well. */
  requests: number;
  /** Edits in those requests. */
  edits: number;
  /** Requests that failed (any status but 200, a malformed answer, a dropped connection). */
  failed: number;
  firstError: string | null;
  /** From the first request sent to the last answer. */
  wallMs: number;
  editsPerSecond: number;
  requestsPerSecond: number;
  /** Per request (one group), answered ones only. */
  latencyMs: { p50: number; p99: number; max: number };
  /** The server's own time outside each request's slowest judge call (see Sent); null on the direct path. */
  outsideJudgeMs: { p50: number; p99: number } | null;
  /** The load generator's own CPU (this process, all threads), per edit answered. */
  clientCpuMsPerEdit: number;
  /** Busy share of all the machine's cores (0-1), everyone's work included; null off Linux. */
  machineBusy: number | null;
  /**
   * Each answered request's latency and (server path) own time, for mergeLoads; and each job's latency
   * by its index (null when it failed), so that paths sent the same jobs can be compared job by job.
   */
  samples: { latencyMs: number[]; outsideJudgeMs: number[]; latencyByJob: (number | null)[] };
}

function summary(
  latencies: readonly number[],
  outside: readonly number[],
): Pick<LoadResult, 'latencyMs' | 'outsideJudgeMs'> {
  return {
    latencyMs:
      latencies.length === 0
        ? { p50: NaN, p99: NaN, max: NaN }
        : {
            p50: percentile(latencies, 0.5),
            p99: percentile(latencies, 0.99),
            max: Math.max(...latencies),
          },
    outsideJudgeMs:
      outside.length === 0 ? null : { p50: percentile(outside, 0.5), p99: percentile(outside, 0.99) },
  };
}

/**
 * One pass run as several parts, in turn with other paths' parts, so that each path meets the same
 * spells of a busy machine: counts and times add up, percentiles are over every request of every part.
 */
export function mergeLoads(parts: readonly LoadResult[]): LoadResult {
  const sum = (of: (part: LoadResult) => number) => parts.reduce((total, part) => total + of(part), 0);
  const latencies = parts.flatMap((part) => part.samples.latencyMs);
  const outside = parts.flatMap((part) => part.samples.outsideJudgeMs);
  const latencyByJob = parts.flatMap((part) => part.samples.latencyByJob);
  const edits = sum((part) => part.edits);
  const wallMs = sum((part) => part.wallMs);
  const machineBusy = parts.every((part) => part.machineBusy !== null)
    ? sum((part) => part.machineBusy! * part.wallMs) / wallMs
    : null;
  return {
    requests: sum((part) => part.requests),
    edits,
    failed: sum((part) => part.failed),
    firstError: parts.find((part) => part.firstError !== null)?.firstError ?? null,
    wallMs,
    editsPerSecond: edits / (wallMs / 1000),
    requestsPerSecond: latencies.length / (wallMs / 1000),
    ...summary(latencies, outside),
    clientCpuMsPerEdit: edits === 0 ? NaN : sum((part) => part.clientCpuMsPerEdit * part.edits) / edits,
    machineBusy,
    samples: { latencyMs: latencies, outsideJudgeMs: outside, latencyByJob },
  };
}

/**
 * A closed loop of `connections` clients: each sends a job, waits for its answer, then takes the next,
 * until `jobs` have been sent. With one keep-alive socket per client, `connections` is both the
 * number of connections and the most requests outstanding.
 */
export async function runLoad(
  connections: number,
  jobs: number,
  send: (job: number) => Promise<Sent>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const outside: number[] = [];
  const latencyByJob = new Array<number | null>(jobs).fill(null);
  let edits = 0;
  let failed = 0;
  let firstError: string | null = null;
  let next = 0;
  const client = async () => {
    while (next < jobs) {
      const job = next++;
      try {
        const sent = await send(job);
        latencies.push(sent.latencyMs);
        latencyByJob[job] = sent.latencyMs;
        if (sent.outsideJudgeMs !== undefined) outside.push(sent.outsideJudgeMs);
        edits += sent.edits;
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  const machine = startMachineCpu();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(Array.from({ length: connections }, client));
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const machineBusy = machine();
  const seconds = wallMs / 1000;
  return {
    requests: latencies.length,
    edits,
    failed,
    firstError,
    wallMs,
    editsPerSecond: edits / seconds,
    requestsPerSecond: latencies.length / seconds,
    ...summary(latencies, outside),
    clientCpuMsPerEdit: edits === 0 ? NaN : (used.user + used.system) / 1000 / edits,
    machineBusy,
    samples: { latencyMs: latencies, outsideJudgeMs: outside, latencyByJob },
  };
}

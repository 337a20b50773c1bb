import Table from 'cli-table3';
import type { Interval } from '../src/index.js';
import { addedLatencyIntervals, type AddedLatencyIntervals } from './added-latency-interval.js';
import type { LoadResult } from './server-load.js';
import type { ServerSnapshot } from './server-process.js';

export interface ServerPassRow extends LoadResult {
  name: string;
  /**
   * 'direct': the load generator talks to the stand-in itself; 'server': through the reward service;
   * 'relay': through a relay that only forwards (relay-child.ts), the floor for any service between.
   */
  path: 'direct' | 'server' | 'relay';
  connections: number;
  /** Edits/s over the backend's capacity (its slots over its latency). */
  shareOfIdeal: number;
  /** The server process over this pass; null on the direct path. */
  server: ServerSnapshot | null;
}

export interface ServerTargets {
  shareOfIdeal: number;
  addedP50Ms: number;
  addedP99Ms: number;
}

/** Server-path latency over the direct path's at the same load, per request. */
export interface AddedLatency {
  p50Ms: number;
  p99Ms: number;
  /**
   * The same jobs' latencies on both paths resampled in pairs (seeded); null when not asked for or no
   * job was answered on both.
   */
  intervals: AddedLatencyIntervals | null;
}

/**
 * `server` over `direct`, which sent the same groups as the same jobs; with intervals when given a seed
 * for their resampling.
 */
export const addedLatency = (direct: ServerPassRow, server: ServerPassRow, seed?: number): AddedLatency => ({
  p50Ms: server.latencyMs.p50 - direct.latencyMs.p50,
  p99Ms: server.latencyMs.p99 - direct.latencyMs.p99,
  intervals:
    seed === undefined
      ? null
      : addedLatencyIntervals(direct.samples.latencyByJob, server.samples.latencyByJob, seed),
});

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const ms = (value: number) => value.toFixed(1);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const signed = (value: number) => `${value >= 0 ? '+' : ''}${value.toFixed(1)} ms`;
const within = (interval: Interval | undefined) =>
  interval ? ` (95% CI ${signed(interval[0])} to ${signed(interval[1])})` : '';

export function serverPassTable(
  rows: readonly ServerPassRow[],
  idealPerSecond: number,
  cores: number,
): string {
  const table = new Table({
    head: [
      'pass',
      'clients',
      'requests',
      'wall s',
      'edits/s',
      `of ${idealPerSecond}/s`,
      'req/s',
      'p50 ms',
      'p99 ms',
      'server CPU ms/edit',
      'server loop',
      'server RSS peak',
      'client CPU ms/edit',
      'machine busy',
      'failed',
    ],
    style: { head: ['cyan'], compact: true },
  });
  for (const row of rows) {
    table.push([
      row.name,
      String(row.connections),
      String(row.requests),
      (row.wallMs / 1000).toFixed(1),
      row.editsPerSecond.toFixed(1),
      pct(row.shareOfIdeal),
      row.requestsPerSecond.toFixed(1),
      ms(row.latencyMs.p50),
      ms(row.latencyMs.p99),
      row.server ? ms(row.server.cpuMs / row.edits) : '-',
      row.server ? pct(row.server.loopBusy) : '-',
      row.server ? mb(row.server.rssPeakBytes) : '-',
      ms(row.clientCpuMsPerEdit),
      row.machineBusy === null ? 'n/a' : `${(row.machineBusy * cores).toFixed(2)}/${cores} cores`,
      String(row.failed),
    ]);
  }
  return `${table.toString()}\n${LEGEND}`;
}

const LEGEND = [
  'A request is one group of 16 edits. p50/p99: one request, first byte sent to last byte received.',
  "direct: the load generator sends the judge's 16 chat requests to the stand-in itself (an ideal server",
  'that adds nothing); server: one POST /v1/rewards; relay: the same POST to a relay that only forwards',
  '(the floor for any service in between). server CPU/loop/RSS: the reward-server process alone',
  '(user + system, all threads; event loop utilisation; resident set sampled every 100 ms). client CPU: the',
  "load generator. machine busy: all processes on the machine, ours and others'.",
].join('\n');

/**
 * With `server`, also the server's own account (its Server-Timing): only where no edit waits in its
 * queue, since a wait counts as time outside the judge call.
 */
export function addedLatencyLine(label: string, added: AddedLatency, server?: ServerPassRow): string {
  const own = server?.outsideJudgeMs;
  const account = own
    ? `; by the server's own clock, outside its slowest judge call: p50 ${ms(own.p50)} ms, p99 ${ms(own.p99)} ms`
    : '';
  return `added latency, ${label} (server over direct, per request): ${percentiles(added)}${account}`;
}

function percentiles(added: AddedLatency): string {
  const { intervals } = added;
  return `p50 ${signed(added.p50Ms)}${within(intervals?.p50Ms)}, p99 ${signed(added.p99Ms)}${within(intervals?.p99Ms)}`;
}

/** How the intervals are made, printed once under the lines that carry them. */
export const INTERVAL_NOTE =
  "95% CI: the same groups' latencies on both paths resampled in pairs, 2,000 times: the spread of this " +
  "run's requests, not of the machine's moods, which move whole runs and show only when it is run again";

/** The relay's added latency: how little a service between the trainer and the VLM can add here. */
export function relayFloorLine(added: AddedLatency): string {
  return (
    `the floor, a bare relay at the same load (relay over direct, per request): ${percentiles(added)}; ` +
    `it forwards the chat requests and reads the scores, and checks, hashes, ` +
    'caches and compares nothing'
  );
}

export function serverTargetLines(
  saturated: ServerPassRow,
  added: AddedLatency,
  targets: ServerTargets,
): string[] {
  const verdict = (ok: boolean) => (ok ? 'MET' : 'MISSED');
  return [
    `throughput: ${pct(saturated.shareOfIdeal)} of the backend's capacity (target >= ${pct(targets.shareOfIdeal)}): ${verdict(saturated.shareOfIdeal >= targets.shareOfIdeal)}`,
    `added latency p50: ${signed(added.p50Ms)} (target <= ${targets.addedP50Ms} ms): ${verdict(added.p50Ms <= targets.addedP50Ms)}`,
    `added latency p99: ${signed(added.p99Ms)} (target <= ${targets.addedP99Ms} ms): ${verdict(added.p99Ms <= targets.addedP99Ms)}`,
  ];
}

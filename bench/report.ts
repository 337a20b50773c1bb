import Table from 'cli-table3';
import type { PassResult } from './judge-pass.js';
import type { StandInReport } from './stand-in-process.js';

export interface PassRow extends PassResult {
  /** Achieved edits/s over the ideal (concurrency / latency). */
  shareOfIdeal: number;
  /** Encoder cache hits over encode() calls; see hitRate. */
  cacheHitRate: number | null;
  server: StandInReport;
}

export interface Targets {
  shareOfIdeal: number;
  cpuMsPerEdit: number;
}

/** b over a, for a "what the cache buys" column; null when a is 0. */
export const ratio = (a: number, b: number): number | null => (a === 0 ? null : b / a);

/**
 * Share of encode() calls answered from the cache. Passthrough calls count as calls the cache did not
 * answer: an encoder that sends fitting inputs as they are without caching them scores 0 on them.
 */
export function hitRate(encoder: PassResult['encoder']): number | null {
  const calls = encoder.hits + encoder.misses + encoder.passthrough;
  return calls === 0 ? null : encoder.hits / calls;
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const ms = (value: number) => value.toFixed(1);

export function passTable(rows: readonly PassRow[], idealPerSecond: number, cores: number): string {
  const table = new Table({
    head: [
      'pass',
      'edits/s',
      `of ${idealPerSecond}/s`,
      'CPU ms/edit',
      'p50 ms',
      'p99 ms',
      'loop busy',
      'machine busy',
      'stand-in ms/req',
      'hit/miss/pass',
      'hit rate',
      'served',
    ],
    style: { head: ['cyan'], compact: true },
  });
  for (const row of rows) {
    const { hits, misses, passthrough } = row.encoder;
    table.push([
      row.spec.name,
      row.editsPerSecond.toFixed(2),
      pct(row.shareOfIdeal),
      ms(row.cpuMsPerEdit),
      ms(row.latencyMs.p50),
      ms(row.latencyMs.p99),
      pct(row.eventLoopBusy),
      row.machineBusy === null ? 'n/a' : `${(row.machineBusy * cores).toFixed(2)}/${cores} cores`,
      ms(row.server.cpuMs / row.server.requests),
      `${hits}/${misses}/${passthrough}`,
      row.cacheHitRate === null ? 'n/a' : pct(row.cacheHitRate),
      String(row.server.servingMax),
    ]);
  }
  return `${table.toString()}\n${LEGEND}`;
}

const LEGEND = [
  'CPU ms/edit: client process, user + system, all threads, timed section only. p50/p99: one judge call,',
  'start to verdict. loop busy: client event loop utilisation. machine busy: all processes on the machine,',
  'ours included. stand-in ms/req: the stand-in process CPU per request (not the client). hit/miss/pass:',
  'encoder cache hits, re-encodes run, inputs sent as they are; hit rate = hits / all encode calls.',
  'served: most requests the stand-in served at once.',
].join('\n');

/** Cache off over cache on, for each path measured both ways (8 at a time): what the cache saves, as ratios. */
export function cacheEffects(rows: readonly PassRow[]) {
  const byPath = new Map<number, { shared?: PassRow; perEdit?: PassRow }>();
  for (const row of rows.filter((r) => r.spec.issue === 'pool')) {
    const pair = byPath.get(row.spec.maxSide) ?? {};
    if (row.spec.encoder === 'shared') pair.shared = row;
    else pair.perEdit = row;
    byPath.set(row.spec.maxSide, pair);
  }
  return [...byPath.entries()].flatMap(([maxSide, { shared, perEdit }]) =>
    shared && perEdit
      ? [
          {
            maxSide,
            cpuPerEditOffOverOn: ratio(shared.cpuMsPerEdit, perEdit.cpuMsPerEdit),
            editsPerSecondOffOverOn: ratio(shared.editsPerSecond, perEdit.editsPerSecond),
          },
        ]
      : [],
  );
}

const times = (value: number | null) => (value === null ? 'n/a' : `x${value.toFixed(2)}`);

/** The side-by-side ratios, one line each: the cache's effect per path, and all-at-once over 8 at a time. */
export function ratioLines(rows: readonly PassRow[]): string[] {
  const lines = cacheEffects(rows).map(
    (effect) =>
      `cache effect at maxSide ${effect.maxSide} (encoder per edit over shared): ` +
      `client CPU/edit ${times(effect.cpuPerEditOffOverOn)}, edits/s ${times(effect.editsPerSecondOffOverOn)}`,
  );
  const batch = batchEffect(rows);
  if (batch !== null) lines.push(`all at once over 8 at a time (same encoder): edits/s ${times(batch)}`);
  return lines;
}

/** Edits/s of the all-at-once pass over the first pooled pass with the same encoder settings. */
export function batchEffect(rows: readonly PassRow[]): number | null {
  const batch = rows.find((r) => r.spec.issue === 'all-at-once');
  const pooled = rows.find(
    (r) =>
      r.spec.issue === 'pool' &&
      r.spec.maxSide === batch?.spec.maxSide &&
      r.spec.encoder === batch.spec.encoder,
  );
  return batch && pooled ? ratio(pooled.editsPerSecond, batch.editsPerSecond) : null;
}

export function targetLines(primary: PassRow, targets: Targets): string[] {
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return [
    `share of ideal: ${pct(primary.shareOfIdeal)} (target >= ${pct(targets.shareOfIdeal)}): ${verdict(primary.shareOfIdeal >= targets.shareOfIdeal)}`,
    `client CPU per edit: ${ms(primary.cpuMsPerEdit)} ms (target <= ${targets.cpuMsPerEdit} ms): ${verdict(primary.cpuMsPerEdit <= targets.cpuMsPerEdit)}`,
  ];
}

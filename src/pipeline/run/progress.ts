import cliProgress from 'cli-progress';
import type { StageCounts, StageName } from '../types.js';

export interface ProgressOptions {
  /** The stages to show, in the order shown. */
  stages: readonly StageName[];
  /** Bars redrawn in place on a terminal; plain lines otherwise (a log file, CI). */
  isTTY: boolean;
  write: (text: string) => void;
  /** Ms clock (default Date.now): rates and ETAs are computed from it, never from the bar library's. */
  now?: () => number;
  /** Plain mode: the least time between two lines of one stage (default 10 s). */
  intervalMs?: number;
  /** Terminal width for the bars (default 100). */
  columns?: number;
}

export interface Progress {
  /** The store's latest counts (`PipelineStore.counts()`); stages not listed keep their last counts. */
  update(counts: readonly StageCounts[]): void;
  /** Draws or writes the final state and releases the terminal. */
  stop(): void;
}

const DEFAULT_INTERVAL_MS = 10_000;
/** Rates are measured over the last minute: long enough to smooth batches, short enough to follow a pause. */
const RATE_WINDOW_MS = 60_000;

/** `45s`, `3m41s`, `2h05m`, `3d04h`: coarse on purpose, an ETA is a guess. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${pad(seconds % 60)}s`;
  const hours = Math.floor(seconds / 3600);
  if (hours < 24) return `${hours}h${pad(Math.floor((seconds % 3600) / 60))}m`;
  return `${Math.floor(hours / 24)}d${pad(hours % 24)}h`;
}

/** Units settled (done or failed) per second over the recent window; null before two samples apart. */
interface RateMeter {
  add(t: number, settled: number): void;
  perSecond(): number | null;
}

function createRateMeter(): RateMeter {
  const samples: { t: number; settled: number }[] = [];
  return {
    add(t, settled) {
      samples.push({ t, settled });
      // Keep one sample at or before the window's start as the baseline.
      while (samples.length > 2 && samples[1]!.t <= t - RATE_WINDOW_MS) samples.shift();
    },
    perSecond() {
      const first = samples[0];
      const last = samples[samples.length - 1];
      if (!first || !last || last.t <= first.t) return null;
      return ((last.settled - first.settled) * 1000) / (last.t - first.t);
    },
  };
}

interface StageView {
  done: number;
  failed: number;
  total: number;
  rate: string;
  eta: string;
}

function view(counts: StageCounts, rate: number | null): StageView {
  const remaining = counts.pending + counts.running;
  const total = remaining + counts.done + counts.failed;
  const eta =
    remaining === 0
      ? formatDuration(0)
      : rate === null || rate <= 0
        ? '?'
        : formatDuration((remaining / rate) * 1000);
  const shown = rate === null ? '?' : rate >= 1 ? rate.toFixed(1) : rate.toFixed(2);
  return { done: counts.done, failed: counts.failed, total, rate: `${shown}/s`, eta };
}

/** The plain line: `trace 1234/4000 done, 3 failed, 12.5/s, ETA 3m41s`. */
export function formatStageLine(stage: StageName, v: StageView): string {
  return `${stage} ${v.done}/${v.total} done, ${v.failed} failed, ${v.rate}, ETA ${v.eta}`;
}

/** Plain mode: a line per stage when its counts changed, at most every `intervalMs`, and at the end. */
function createLineProgress(options: ProgressOptions, now: () => number): Progress {
  const interval = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const meters = new Map(options.stages.map((stage) => [stage, createRateMeter()]));
  const latest = new Map<StageName, StageCounts>();
  const printed = new Map<StageName, { at: number; counts: string }>();

  function writeLine(stage: StageName, t: number, force: boolean): void {
    const counts = latest.get(stage);
    if (!counts) return;
    const v = view(counts, meters.get(stage)!.perSecond());
    const key = `${v.done}/${v.failed}/${v.total}`;
    const last = printed.get(stage);
    if (v.total === 0 || last?.counts === key) return;
    if (!force && last && t - last.at < interval) return;
    printed.set(stage, { at: t, counts: key });
    options.write(`${formatStageLine(stage, v)}\n`);
  }

  return {
    update(all) {
      const t = now();
      for (const counts of all) {
        const meter = meters.get(counts.stage);
        if (!meter) continue;
        meter.add(t, counts.done + counts.failed);
        latest.set(counts.stage, counts);
      }
      for (const stage of options.stages) writeLine(stage, t, false);
    },
    stop() {
      const t = now();
      for (const stage of options.stages) writeLine(stage, t, true);
    },
  };
}

/** Terminal mode: one cli-progress bar per stage, our own rate and ETA in its payload. */
function createBarProgress(options: ProgressOptions, now: () => number): Progress {
  const width = Math.max(...options.stages.map((stage) => stage.length));
  // The bar library wants a stream; ours is the caller's writer on a terminal.
  const stream = {
    isTTY: true,
    columns: options.columns ?? 100,
    write: (chunk: string | Uint8Array) => {
      options.write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: '{stage} {bar} {value}/{total} done | {failed} failed | {rate} | ETA {etaText}',
      hideCursor: true,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const meters = new Map(options.stages.map((stage) => [stage, createRateMeter()]));
  const bars = new Map<StageName, cliProgress.SingleBar>();

  return {
    update(all) {
      const t = now();
      if (bars.size === 0) {
        for (const stage of options.stages) {
          const payload = { stage: stage.padEnd(width), failed: 0, rate: '?/s', etaText: '?' };
          bars.set(stage, multi.create(0, 0, payload));
        }
      }
      for (const counts of all) {
        const bar = bars.get(counts.stage);
        const meter = meters.get(counts.stage);
        if (!bar || !meter) continue;
        meter.add(t, counts.done + counts.failed);
        const v = view(counts, meter.perSecond());
        bar.setTotal(v.total);
        bar.update(v.done, { failed: v.failed, rate: v.rate, etaText: v.eta });
      }
    },
    stop() {
      if (bars.size > 0) multi.stop();
    },
  };
}

/** Live per-stage progress: bars on a terminal, throttled plain lines when not on one. */
export function createProgress(options: ProgressOptions): Progress {
  const now = options.now ?? Date.now;
  return options.isTTY ? createBarProgress(options, now) : createLineProgress(options, now);
}

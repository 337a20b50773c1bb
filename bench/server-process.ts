import { exited, nextMessage, once, startChild } from './child.js';

export interface ServerSettings {
  /** The stand-in VLM's base URL, e.g. http://127.0.0.1:41234/v1. */
  baseURL: string;
  model: string;
  /** The backend's concurrency and the server's judge slots. */
  concurrency: number;
  /** Edits the server lets wait for a slot before it answers 429. */
  queueDepth: number;
}

/** What the server process did since the previous snapshot. */
export interface ServerSnapshot {
  /** Process CPU, user + system, all threads. */
  cpuMs: number;
  /** Share of the time the server's event loop was busy (0-1). */
  loopBusy: number;
  /** Largest resident set sampled (every 100 ms) since the previous snapshot, in bytes. */
  rssPeakBytes: number;
  /**
   * The process's peak resident set over its whole life so far, in bytes: the kernel's high-water
   * mark (see peak-rss.ts), or the largest sample where there is none.
   */
  maxRssBytes: number;
}

/** The server over several snapshots' intervals, each weighted by its wall time for the loop's share. */
export function mergeSnapshots(
  parts: readonly { snapshot: ServerSnapshot; wallMs: number }[],
): ServerSnapshot {
  const wallMs = parts.reduce((total, part) => total + part.wallMs, 0);
  return {
    cpuMs: parts.reduce((total, part) => total + part.snapshot.cpuMs, 0),
    loopBusy: parts.reduce((total, part) => total + part.snapshot.loopBusy * part.wallMs, 0) / wallMs,
    rssPeakBytes: Math.max(...parts.map((part) => part.snapshot.rssPeakBytes)),
    maxRssBytes: Math.max(...parts.map((part) => part.snapshot.maxRssBytes)),
  };
}

export interface ServerProcess {
  readonly url: string;
  /** What the server did since the previous call (or since it started), and starts a new interval. */
  snapshot(): Promise<ServerSnapshot>;
  /** Stops the server (in-flight requests finish) and waits for the process to exit. */
  close(): Promise<void>;
}

/**
 * The reward service in a process of its own, so that its CPU, event loop and memory are its own and
 * not the load generator's or the stand-in's.
 */
export async function startServerProcess(settings: ServerSettings): Promise<ServerProcess> {
  const { child, ready } = await startChild<{ url: string }>('./server-child.ts', settings);
  const snapshot = () => {
    const answer = nextMessage<ServerSnapshot>(child);
    child.send('snapshot');
    return answer;
  };
  const close = async () => {
    const closed = nextMessage(child);
    child.send('close');
    await closed;
    await exited(child);
  };
  return { url: ready.url, snapshot, close: once(close) };
}

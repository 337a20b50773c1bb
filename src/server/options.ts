import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Decomposer, Judge } from '../core/index.js';
import type { ReadinessProbe } from './readiness.js';

/** What the service refuses or sheds before it spends memory or judge calls. */
export interface ServerLimits {
  /** Largest request body (bytes); more is a 413. Default 64 MiB. */
  bodyBytes: number;
  /** Most images (sources and edits) in one request; more is a 413. Default 256. */
  imagesPerRequest: number;
  /** Most pixels an image may have (checked on its header, before decoding). Default 50M. */
  maxPixels: number;
  /** Most edits waiting for a judge slot, over all requests; past it a request gets a 429. Default 256. */
  queueDepth: number;
  /** A request not answered in this time gets a 504 and its pending judge calls are cancelled. Default 120 s. */
  deadlineMs: number;
  /** Edits judged at once (the rest wait in the queue). Default 32. An addition to the brief's list. */
  concurrency: number;
  /**
   * A request whose headers and body have not all arrived in this time gets a 408 and its connection is
   * closed, so a stalled or trickling client cannot hold one open. Default 120 s.
   */
  receiveMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyBytes: 64 * 1024 * 1024,
  imagesPerRequest: 256,
  maxPixels: 50_000_000,
  queueDepth: 256,
  deadlineMs: 120_000,
  concurrency: 32,
  receiveMs: 120_000,
};

export interface RewardServerOptions {
  judge: Judge;
  decomposer: Decomposer;
  /** The settings that change verdicts (model, prompt, temperatures...): part of every cache key. */
  judgeFingerprint: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = any free port (the default). */
  port?: number;
  /** Client API keys (Bearer tokens). None: the server listens on loopback only, unless insecurePublic. */
  keys?: string[];
  insecurePublic?: boolean;
  /** Hosts whose http(s) image URLs may be fetched (exact host names, case-insensitive). None by default. */
  allowHosts?: string[];
  limits?: Partial<ServerLimits>;
  /** SQLite file that keeps verdicts across restarts; absent: memory only. */
  cacheFile?: string;
  /** Verdicts kept in memory (LRU). Default 10000. */
  cacheEntries?: number;
  /** fastify's pino logger: false (default) for none, true, or pino options (e.g. {level, stream}). */
  logger?: boolean | FastifyServerOptions['logger'];
  /** What /readyz asks (an addition to the brief's list): default always ready, as the embedded judge is. */
  ready?: ReadinessProbe;
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  app: FastifyInstance;
  /** Stops accepting connections, lets in-flight requests finish, then closes the cache. */
  close(): Promise<void>;
}

export function resolveLimits(limits: Partial<ServerLimits> = {}): ServerLimits {
  const resolved = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(limits)) {
    if (value !== undefined) Object.assign(resolved, { [key]: value });
  }
  return resolved;
}

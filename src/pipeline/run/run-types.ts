import type { CandidateSource } from '../candidates/index.js';
import type { RunConfig } from '../config/index.js';
import type { PreparedInput } from '../inputs/index.js';
import type { PipelineStore, StageCounts, StageName } from '../types.js';
import type { BackendCost } from './cost.js';

/** An opened run: its config, its store (migrated, fingerprint checked), inputs and candidate sources. */
export interface Run {
  config: RunConfig;
  store: PipelineStore;
  inputs: PreparedInput[];
  sources: CandidateSource[];
  close(): Promise<void>;
}

export interface RunOptions {
  /** Lease owner id, default `${hostname}:${pid}:${random}`. */
  worker?: string;
  /** Default 60_000; leases are renewed every leaseMs/3 while a unit runs. */
  leaseMs?: number;
  /** Stop claiming, let in-flight units finish (units still waiting for their backend are released), return. */
  signal?: AbortSignal;
  progress?: { update(counts: StageCounts[]): void; stop(): void };
  log?: (line: string) => void;
  /** Default 1000: the wait when nothing is claimable but units are pending or held elsewhere. */
  idlePollMs?: number;
}

export interface RunSummary {
  /** Units this worker finished. */
  completed: number;
  /** Units this worker recorded as failed for good. */
  failed: number;
  /** Units this worker gave back without an attempt counted (paused backend, abort). */
  released: number;
  counts: StageCounts[];
}

export interface RunStatus {
  stages: StageCounts[];
  /** Failed units grouped by stage and reason, with one example message. */
  failures: { stage: StageName; reason: string; count: number; example: string }[];
  /** Per backend (resource), with estimated cost where pricing is set. */
  usage: BackendCost[];
  quadruples: { total: number; selected: number; noTrace: number; belowMinAccuracy: number };
}

import type { Principle, PointVerdict, Usage } from '../core/index.js';

/**
 * The cold-start SFT pipeline (PAPER.md section 3) as units of work in a store. Every unit has a
 * content-addressed key: the hash of everything that decides its result (image contents, instruction,
 * principles, model, prompt variant, temperature, sample index), so a finished unit is never done
 * again and a rerun of the same config enqueues nothing new.
 *
 *   decompose (one per input) ─┐
 *   candidate (one per input x candidate source) ─┴─> trace (quadruple x pool member x sample index)
 *     ─> verify (one per quadruple, once all its traces are settled) ─> select (one per quadruple) ─> export
 */
export const STAGES = ['decompose', 'candidate', 'trace', 'verify', 'select'] as const;
export type StageName = (typeof STAGES)[number];

export const UNIT_STATUSES = ['pending', 'running', 'done', 'failed'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

/** A unit to add to the store; adding a key that exists is a no-op (whatever its status). */
export interface NewUnit {
  key: string;
  stage: StageName;
  /** The run input (source + instruction) this unit belongs to: planning and status group by it. */
  inputId: string;
  /**
   * The rate-limited resource the unit spends: a backend's name from the config (`backends.<name>`),
   * or 'local' for work done in-process (EditWorld rendering, selection). Workers claim per resource,
   * so a paused backend's units wait while the others go on.
   */
  resource: string;
  /** JSON: everything a worker on any machine needs to do the unit (image paths, principles, model). */
  payload: unknown;
}

/** A unit a worker holds under a lease. */
export interface ClaimedUnit extends NewUnit {
  /** Attempts before this one (0 on the first). */
  attempts: number;
  leaseUntil: number;
}

/** A finished unit's result, as later stages and export read it. */
export interface DoneUnit {
  key: string;
  stage: StageName;
  inputId: string;
  payload: unknown;
  result: unknown;
}

/** A unit that failed for good: nothing is dropped silently; its raw model text and reason are kept. */
export interface FailedUnit {
  key: string;
  stage: StageName;
  inputId: string;
  resource: string;
  attempts: number;
  /** A short machine-readable reason ('parse', 'wrong-length', 'backend', 'image', ...): status groups by it. */
  reason: string;
  message: string;
  raw: string | null;
}

export interface UnitFailure {
  reason: string;
  message: string;
  /** The model's raw reply, when there was one. */
  raw?: string;
  /** false: fail now whatever the attempt count (e.g. a missing image file). */
  retryable: boolean;
}

export interface ClaimOptions {
  worker: string;
  /** Only units of these resources (default all). */
  resources?: readonly string[];
  limit: number;
  leaseMs: number;
  /**
   * Also take running units whose lease ran out (their worker died): default true. A worker asks for
   * them only now and then, since finding none is most of the cost of a claim that runs often.
   */
  expired?: boolean;
}

export interface StageCounts {
  stage: StageName;
  pending: number;
  running: number;
  done: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Where a run lives: SQLite (WAL) for one machine, PostgreSQL when several workers or machines share a
 * run. One query layer (kysely) and one schema behind both; every method is safe to call from several
 * workers at once (on PostgreSQL, claims use FOR UPDATE SKIP LOCKED).
 */
export interface PipelineStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Creates the tables if absent; safe to call from every worker. */
  migrate(): Promise<void>;
  /** The run's config fingerprint: set once at init; a run with another config refuses to start. */
  getMeta(name: string): Promise<string | null>;
  setMeta(name: string, value: string): Promise<void>;
  /** Inserts units whose keys are new; returns how many were inserted. */
  enqueue(units: readonly NewUnit[]): Promise<number>;
  /** Pending units, or running units whose lease ran out (their worker died), oldest first. */
  claim(options: ClaimOptions): Promise<ClaimedUnit[]>;
  /** Extends the leases of units this worker still holds; returns the keys it still holds. */
  renew(keys: readonly string[], worker: string, leaseMs: number): Promise<string[]>;
  /**
   * Records a result and, in the same transaction, enqueues the units it makes ready. Returns false
   * (and records nothing) when the worker no longer holds the unit: its lease ran out and another took it.
   */
  complete(
    key: string,
    worker: string,
    result: unknown,
    usage: Usage | undefined,
    followUps: readonly NewUnit[],
  ): Promise<boolean>;
  /**
   * Records a failed attempt: back to pending (after `retryAfterMs`) while attempts < maxAttempts and the
   * failure is retryable, else failed for good with its reason and raw text. Returns the new status.
   */
  fail(
    key: string,
    worker: string,
    failure: UnitFailure,
    options: { maxAttempts: number; retryAfterMs: number },
  ): Promise<'pending' | 'failed' | 'lost'>;
  /** Gives units back without counting an attempt (their backend is paused), pending after `delayMs`. */
  release(keys: readonly string[], worker: string, delayMs: number): Promise<void>;
  /** Every unit of one input (planning reads these), results included for done ones. */
  unitsOf(inputId: string): Promise<StoredUnit[]>;
  /** Every input id with at least one unit. */
  inputIds(): Promise<string[]>;
  /** Done units of a stage, ordered by key (export reads the select stage). */
  done(stage: StageName): Promise<DoneUnit[]>;
  counts(): Promise<StageCounts[]>;
  /**
   * Prompt and completion tokens of the done units, summed per resource (backend name), for the cost
   * table; resources whose done units spent no tokens (in-process work, the embedded judges) are left out.
   */
  usageByResource(): Promise<Record<string, Usage>>;
  failures(): Promise<FailedUnit[]>;
  /** Units pending or running anywhere (a worker finishes when this is 0 and planning adds nothing). */
  active(): Promise<number>;
  /** The resources (backend names, 'local') that pending or running units wait on, sorted. */
  activeResources(): Promise<string[]>;
  /**
   * Calls `listener` with the resources of units other workers enqueue, as they commit, so an idle worker
   * claims them at once instead of at its next poll. Resolves to the function that stops listening, or to
   * null where the store cannot signal (SQLite: its workers poll).
   */
  watchWork(listener: (resources: readonly string[]) => void): Promise<(() => Promise<void>) | null>;
  close(): Promise<void>;
}

export interface StoredUnit {
  key: string;
  stage: StageName;
  inputId: string;
  status: UnitStatus;
  payload: unknown;
  result: unknown;
}

/** One run input: a line of the inputs JSONL (image paths relative to that file are resolved). */
export interface RunInput {
  id: string;
  /** Absolute path of the source image. */
  source: string;
  instruction: string;
  category?: string;
}

/** The result of a candidate unit: an edited image for an input. */
export interface CandidateResult {
  /** Absolute path of the edited image (inside the run's image folder when the pipeline made it). */
  edited: string;
  /** SHA-256 of the edited image's bytes. */
  sha256: string;
  /** Which candidate source made it (config name) and its own id for the edit. */
  editor: string;
  candidateId: string;
  /** EditWorld candidates only: the world's truth for each principle, which the oracle verifier returns as gold. */
  oracleGold?: GoldLabel[];
}

/** The payload of a verify unit: one quadruple and the per-principle predictions of its traces. */
export interface VerifyPayload {
  inputId: string;
  quadrupleId: string;
  source: string;
  edited: string;
  instruction: string;
  principles: Principle[];
  /** Every trace of the quadruple that parsed, in trace-key order: references the verifier may weigh, not follow. */
  references: { key: string; member: number; points: PointVerdict[] }[];
  oracleGold?: GoldLabel[];
}

/** The payload of a trace unit: one quadruple and one pool member's sample. */
export interface TracePayload {
  inputId: string;
  quadrupleId: string;
  source: string;
  edited: string;
  instruction: string;
  category?: string;
  principles: Principle[];
  /** Index of the trace-pool entry in the config, its backend name and model. */
  member: number;
  backend: string;
  model: string;
  promptVariant: string;
  temperature: number;
  sampleIndex: number;
}

/** The result of a trace unit: the model's reply kept whole, and what the parser read from it. */
export interface TraceResult {
  trace: string;
  points: PointVerdict[];
  averageScore: number | null;
  finalScore: number;
  usage?: Usage;
}

/** A verifier's label for one principle (PAPER.md 3.5): `{"gold":[{"question","gold","reason"}]}`. */
export interface GoldLabel {
  question: string;
  gold: 0 | 1;
  reason: string;
}

/** The row export writes: one quadruple with its most accurate trace (PAPER.md 3.6). */
export interface SelectedRow {
  quadrupleId: string;
  inputId: string;
  category: string;
  instruction: string;
  source: string;
  edited: string;
  principles: Principle[];
  gold: GoldLabel[];
  /** The kept trace and its pool member. */
  trace: string;
  finalScore: number;
  averageScore: number | null;
  member: number;
  model: string;
  promptVariant: string;
  /** Share of principles where the kept trace's 0/1 equals gold. */
  accuracy: number;
  /** Every trace's accuracy, in trace order (the dataset card's distribution). */
  traceAccuracies: number[];
}

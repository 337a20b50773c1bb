import type { BackendConfig, CandidateSourceConfig } from '../config/index.js';
import type { PreparedInput } from '../inputs/index.js';
import type { CandidateResult } from '../types.js';

/** One candidate unit an input gets from a source: the source's own id for it and what decides it. */
export interface PlannedCandidate {
  candidateId: string;
  /**
   * What decides the candidate, for `unitKey('candidate', parts)`: the source's name and type, the input
   * id (two inputs with the same image and instruction are still two units), and the source's own
   * identity of the edit (file path, model and index, seed and index). Never a backend's name or URL.
   */
  parts: Record<string, unknown>;
}

export interface CandidateContext {
  /** Where made images go (`<workDir>/candidates/`). */
  workDir: string;
  /** The run config's backends, by name (image-edit sources call theirs). */
  backends: Record<string, BackendConfig>;
  signal?: AbortSignal;
  /** Where API keys are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** A named candidate source from the config: what candidate units each input gets, and how to make one. */
export interface CandidateSource {
  readonly name: string;
  readonly type: CandidateSourceConfig['type'];
  /** The store resource its units spend: the backend's name for image-edit, 'local' for in-process work. */
  readonly resource: string;
  /** The candidate units of an input, in a fixed order. Pure: the same input gives the same list (no I/O). */
  plan(input: PreparedInput): PlannedCandidate[];
  /**
   * Makes (or finds) one candidate. Throws BackendError (with `retryable`) when a backend call fails,
   * InvalidImageError when a listed file is gone or a reply is not an image, UsageError for an id the
   * source never planned.
   */
  run(input: PreparedInput, candidateId: string, ctx: CandidateContext): Promise<CandidateResult>;
}

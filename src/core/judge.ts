import type { Principle } from './principle.js';
import type { Verdict } from './verdict.js';

/**
 * An image as callers hand it over: a file path, a `data:` URL, an http(s) URL (only where the caller
 * allows remote images), or the encoded bytes. Loading and limits live in images/.
 */
export type ImageInput = string | Uint8Array;

export interface JudgeInput {
  source: ImageInput;
  edited: ImageInput;
  instruction: string;
  /** When absent, the judge decomposes the instruction itself with its decomposer. */
  principles?: Principle[];
}

export interface JudgeOptions {
  signal?: AbortSignal;
  /** Seed for sampling; the same seed gives the same request (and, where the server honours it, the same reply). */
  seed?: number;
}

/** A sample that produced no verdict (unparseable reply): kept with its raw text, never replaced by a guess. */
export interface FailedSample {
  index: number;
  error: string;
  raw: string;
}

export interface EnsembleSummary {
  /** Samples asked for. */
  n: number;
  /** Samples that produced a verdict. */
  parsed: number;
  failedShare: number;
  mean: number;
  median: number;
  /** Population standard deviation of the final scores. */
  std: number;
  min: number;
  max: number;
}

export interface SampleSet {
  verdicts: Verdict[];
  failures: FailedSample[];
  summary: EnsembleSummary;
  /** The principles every sample was judged against (decomposed once, shared by all samples). */
  principles: Principle[];
}

/** Everything that scores goes through this contract: the pipeline, the server, the bench and RL are its users. */
export interface Judge {
  readonly id: string;
  judge(input: JudgeInput, options?: JudgeOptions): Promise<Verdict>;
  /** N independent verdicts for one edit; fails only when no sample parses. */
  sample(input: JudgeInput, n: number, options?: JudgeOptions): Promise<SampleSet>;
}

/** Turns (source, instruction) into principles. */
export interface Decomposer {
  readonly id: string;
  decompose(
    input: { source: ImageInput; instruction: string },
    options?: { signal?: AbortSignal; seed?: number },
  ): Promise<Principle[]>;
}

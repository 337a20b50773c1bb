import type { Principle } from '../../core/index.js';
import type { DecomposerConfig } from '../config/index.js';

/** The payload of a decompose unit: the input and how its principles are made. */
export interface DecomposePayload {
  inputId: string;
  source: string;
  instruction: string;
  decomposer: DecomposerConfig;
  /** `given` only: the input's own principles. */
  principles?: Principle[];
}

/** The result of a decompose unit. */
export interface DecomposeResult {
  principles: Principle[];
}

/** The payload of a candidate unit: which source makes which of its candidates for the input. */
export interface CandidatePayload {
  inputId: string;
  /** The candidate source's name in the config. */
  source: string;
  candidateId: string;
}

/** The payload of a select unit: the quadruple and its verify unit (whose references name the traces). */
export interface SelectPayload {
  inputId: string;
  quadrupleId: string;
  verify: string;
}

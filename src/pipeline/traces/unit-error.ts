import { EditR1Error } from '../../core/index.js';
import type { UnitFailure } from '../types.js';

/**
 * A unit of work failed in a way the pipeline records: the failure's reason, message, raw model text
 * and whether another attempt may succeed. Workers catch it and hand `failure` to the store.
 */
export class UnitError extends EditR1Error {
  readonly failure: UnitFailure;
  constructor(failure: UnitFailure, options?: { cause?: unknown }) {
    super(failure.message, options);
    this.failure = failure;
  }
}

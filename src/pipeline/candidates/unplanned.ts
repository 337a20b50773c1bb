import { UsageError } from '../../core/index.js';

/** The error for a candidate id the source never planned for the input (a stale unit, or a renamed file). */
export function unplanned(source: string, inputId: string, candidateId: string): UsageError {
  return new UsageError(
    `candidate source "${source}" has no candidate "${candidateId}" for input "${inputId}": its files or config changed since the unit was planned; run the pipeline again to plan afresh`,
  );
}

import { BackendError, ConfigError, InvalidImageError, ParseError, UsageError } from '../../core/index.js';
import { NoVerifiablePrincipleError, OcrError } from '../../rrm/index.js';
import { UnitError } from './unit-error.js';

/**
 * The failure a unit records for an error thrown while doing it, or undefined for one that is no unit's
 * failure: an abort (the worker is stopping) or a bug, which the caller rethrows.
 *
 * | thrown | reason | retryable |
 * | --- | --- | --- |
 * | UnitError | its own | its own |
 * | ParseError (bad reply) | parse, raw kept | yes: another sample may parse |
 * | BackendError | backend | as the backend says |
 * | OcrError | backend | yes |
 * | InvalidImageError | image | no: the file will not change |
 * | NoVerifiablePrincipleError | unverifiable | no: the judge cannot score this input |
 * | UsageError, ConfigError | invalid-unit | no: the payload or config is wrong |
 */
export function toUnitError(error: unknown): UnitError | undefined {
  if (error instanceof UnitError) return error;
  const because = (failure: ConstructorParameters<typeof UnitError>[0]) =>
    new UnitError(failure, { cause: error });
  if (error instanceof ParseError) {
    return because({ reason: 'parse', message: error.message, raw: error.raw, retryable: true });
  }
  if (error instanceof BackendError) {
    return because({ reason: 'backend', message: error.message, retryable: error.retryable });
  }
  if (error instanceof OcrError)
    return because({ reason: 'backend', message: error.message, retryable: true });
  if (error instanceof InvalidImageError) {
    return because({ reason: 'image', message: error.message, retryable: false });
  }
  if (error instanceof NoVerifiablePrincipleError) {
    return because({ reason: 'unverifiable', message: error.message, retryable: false });
  }
  if (error instanceof UsageError || error instanceof ConfigError) {
    return because({ reason: 'invalid-unit', message: error.message, retryable: false });
  }
  return undefined;
}

/** Runs `work`, turning every error that is a unit's failure into a UnitError (aborts and bugs pass through). */
export async function asUnit<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toUnitError(error) ?? error;
  }
}

import type { FailedSample } from '../core/index.js';
import { ParseError } from '../core/index.js';

/** No sample of a set parsed. Every raw reply is kept: joined in `raw`, one by one in `failures`. */
export class SampleParseError extends ParseError {
  readonly failures: FailedSample[];
  constructor(failures: FailedSample[]) {
    const first = failures[0];
    const why = first ? ` (sample ${first.index}: ${first.error})` : '';
    super(
      `none of the ${failures.length} sampled replies could be parsed${why}; each raw reply is kept in error.failures`,
      failures.map((f) => `----- sample ${f.index} -----\n${f.raw}`).join('\n\n'),
    );
    this.failures = failures;
  }
}

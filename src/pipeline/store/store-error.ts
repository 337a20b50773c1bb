import { EditR1Error } from '../../core/index.js';

/**
 * The store could not be opened or reached. `url` is the store URL with any password masked. Exit
 * status 3, as a backend failure: the run's inputs are fine, a service it needs is not.
 */
export class StoreError extends EditR1Error {
  override readonly exitCode = 3;
  readonly url: string;
  constructor(message: string, url: string, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

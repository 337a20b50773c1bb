import { EditR1Error } from '../../core/index.js';

/** The store could not be opened or reached. `url` is the store URL with any password masked. */
export class StoreError extends EditR1Error {
  readonly url: string;
  constructor(message: string, url: string, options?: { cause?: unknown }) {
    super(message, options);
    this.url = url;
  }
}

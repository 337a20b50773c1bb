import { ParseError } from '../core/index.js';

/**
 * The decomposer model gave no usable reply, even after a corrective retry. `replies` keeps every raw
 * reply in order; `raw` (from ParseError) holds them joined, for callers that only know ParseError.
 */
export class DecompositionParseError extends ParseError {
  readonly replies: readonly string[];
  constructor(message: string, replies: readonly string[]) {
    super(message, replies.map((text, i) => `--- reply ${i + 1} ---\n${text}`).join('\n'));
    this.replies = replies;
  }
}

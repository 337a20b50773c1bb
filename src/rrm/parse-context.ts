import { ParseError } from '../core/index.js';

/**
 * What every step of the reply parser shares: the whole raw reply (kept on every error), the mode, and
 * the warnings collected on the way. Steps call `fail` instead of building errors themselves, so each
 * ParseError carries the full reply even when a step only saw part of it.
 */
export interface ParseContext {
  readonly raw: string;
  /** Strict mode refuses repairs (pseudo-JSON, malformed tags, coerced values) and ambiguity. */
  readonly strict: boolean;
  readonly warnings: string[];
  fail(message: string): never;
}

export function createParseContext(raw: string, strict: boolean): ParseContext {
  return {
    raw,
    strict,
    warnings: [],
    fail(message: string): never {
      throw new ParseError(message, raw);
    },
  };
}

/** A short, one-line excerpt of model text for messages and warnings. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

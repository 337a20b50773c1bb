import { APIError } from 'openai';
import { BackendError } from '../../core/index.js';

/**
 * The name a server takes the reply's token limit under. Every OpenAI-compatible server knows
 * max_tokens; OpenAI's own reasoning models (o-series, GPT-5) refuse it and want
 * max_completion_tokens, which older local servers do not know.
 */
export type TokenLimitParam = 'max_tokens' | 'max_completion_tokens';

/** The server refused max_tokens as a parameter (400, naming it), so the other name may be taken. */
export function refusesMaxTokens(error: unknown): boolean {
  if (!(error instanceof BackendError) || error.status !== 400) return false;
  const cause = error.cause;
  if (!(cause instanceof APIError)) return false;
  return cause.param === 'max_tokens' || /\bmax_completion_tokens\b/.test(cause.message);
}

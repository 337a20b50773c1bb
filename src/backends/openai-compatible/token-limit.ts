import { APIError } from 'openai';
import { refusedParameter } from './classify-failure.js';

/**
 * The name a server takes the reply's token limit under. Every OpenAI-compatible server knows
 * max_tokens; OpenAI's own reasoning models (o-series, GPT-5) refuse it and want
 * max_completion_tokens, which older local servers do not know.
 */
export type TokenLimitParam = 'max_tokens' | 'max_completion_tokens';

/** The server refused max_tokens as a parameter (400, naming it), so the other name may be taken. */
export function refusesMaxTokens(error: unknown): boolean {
  if (refusedParameter(error) === 'max_tokens') return true;
  // A server that names no parameter may still say which one it wants instead.
  const cause = error instanceof Error ? error.cause : undefined;
  return cause instanceof APIError && cause.status === 400 && /\bmax_completion_tokens\b/.test(cause.message);
}

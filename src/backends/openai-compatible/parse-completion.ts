import { z } from 'zod';
import type { ChatChoice, TokenLogprob, Usage } from '../../core/index.js';

/** One response's worth of a ChatResult, before responses are merged and timed. */
export interface ParsedCompletion {
  choices: ChatChoice[];
  model: string;
  usage: Usage | undefined;
}

// What a reply must have. Servers add fields freely, and some (proxies, small local servers) leave
// out those they have no value for: only choices and each one's message are required. zod 4 wants
// a key declared as z.unknown() to be present, hence the .optional() on the extras.
const ChoiceSchema = z.object({
  index: z.number().int().nonnegative().nullish(),
  message: z.object({
    // Text, or a list of chunks (Mistral's reasoning models: 'thinking' and 'text'; see contentOf).
    content: z.union([z.string(), z.array(z.unknown())]).nullish(),
    // A reasoning parser's output; read only when it is text (see reasoningOf).
    reasoning: z.unknown().optional(),
    reasoning_content: z.unknown().optional(),
    // OpenAI answers a declined request with a refusal and no content.
    refusal: z.unknown().optional(),
  }),
  finish_reason: z.string().nullish(),
  logprobs: z.unknown().optional(),
});
const CompletionSchema = z.object({
  model: z.string().nullish(),
  choices: z.array(ChoiceSchema).min(1, 'no choices'),
  usage: z.unknown().optional(),
});

// Extras read leniently: a server's odd usage or logprobs block must not throw away a good answer.
const UsageBodySchema = z.object({
  prompt_tokens: z.number().int().nonnegative(),
  completion_tokens: z.number().int().nonnegative(),
});
const AlternativeSchema = z.object({ token: z.string(), logprob: z.number() });
const LogprobsBodySchema = z.object({
  content: z.array(AlternativeSchema.extend({ top_logprobs: z.array(AlternativeSchema).nullish() })),
});

function toLogprobs(raw: unknown): TokenLogprob[] | undefined {
  const parsed = LogprobsBodySchema.safeParse(raw);
  if (!parsed.success) return undefined;
  return parsed.data.content.map((entry) => ({
    token: entry.token,
    logprob: entry.logprob,
    top: (entry.top_logprobs ?? []).map(({ token, logprob }) => ({ token, logprob })),
  }));
}

function toUsage(raw: unknown): Usage | undefined {
  const parsed = UsageBodySchema.safeParse(raw);
  return parsed.success
    ? { promptTokens: parsed.data.prompt_tokens, completionTokens: parsed.data.completion_tokens }
    : undefined;
}

/**
 * The separated chain of thought: `reasoning` (vLLM since late 2025, and the name OpenAI's guidance
 * uses), else `reasoning_content` (older vLLM, SGLang, DeepSeek's API). Anything but non-empty text is
 * ignored rather than failing a reply whose answer is fine.
 */
function reasoningOf(message: { reasoning?: unknown; reasoning_content?: unknown }): string | undefined {
  for (const value of [message.reasoning, message.reasoning_content]) {
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** The text of chunks like `{type: 'text', text}`, joined; other chunks are skipped. */
function chunkText(chunks: readonly unknown[]): string {
  return chunks
    .map((chunk) => {
      const { type, text } = (chunk ?? {}) as { type?: unknown; text?: unknown };
      return type === 'text' && typeof text === 'string' ? text : '';
    })
    .join('');
}

/**
 * The answer and any thinking in a message's content. Most servers send the content as text; Mistral's
 * reasoning models send a list of chunks, `{type: 'thinking', thinking: [text chunks]}` and then
 * `{type: 'text', text}`. Chunks of any other type (references, say) carry neither.
 */
function contentOf(content: string | unknown[] | null | undefined): { text: string; thinking?: string } {
  if (!Array.isArray(content)) return { text: content ?? '' };
  const thinking = content
    .map((chunk) => {
      const { type, thinking } = (chunk ?? {}) as { type?: unknown; thinking?: unknown };
      return type === 'thinking' && Array.isArray(thinking) ? chunkText(thinking) : '';
    })
    .join('');
  return { text: chunkText(content), ...(thinking !== '' ? { thinking } : {}) };
}

function describe(data: unknown): string {
  if (typeof data === 'string') return `a non-JSON body starting ${JSON.stringify(data.slice(0, 80))}`;
  return 'JSON without a readable choices list';
}

/**
 * Reads a chat completion: the answer's JSON, or its text when it was not JSON. Anything here may be
 * malformed: the result says what was wrong instead of throwing.
 */
export function parseCompletion(
  data: unknown,
  requestedModel: string,
): { ok: true; completion: ParsedCompletion } | { ok: false; detail: string } {
  const parsed = CompletionSchema.safeParse(data);
  if (!parsed.success) {
    const noChoices = parsed.error.issues.some((issue) => issue.message === 'no choices');
    return { ok: false, detail: noChoices ? 'a reply with no choices' : describe(data) };
  }
  const choices = [...parsed.data.choices]
    .sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
    .map((choice): ChatChoice => {
      const logprobs = toLogprobs(choice.logprobs);
      const content = contentOf(choice.message.content);
      const reasoning = reasoningOf(choice.message) ?? content.thinking;
      const { refusal } = choice.message;
      return {
        // A refusal is the model's answer when it gives no content: kept as text, the judge reports
        // that the model declined, with its words, instead of an empty reply.
        text: content.text || (typeof refusal === 'string' ? refusal : ''),
        finishReason: choice.finish_reason ?? undefined,
        ...(logprobs ? { logprobs } : {}),
        ...(reasoning !== undefined ? { reasoning } : {}),
      };
    });
  return {
    ok: true,
    completion: { choices, model: parsed.data.model ?? requestedModel, usage: toUsage(parsed.data.usage) },
  };
}

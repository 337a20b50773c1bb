import type { ChatChoice } from './chat.js';

/** What a reasoning model wrote, split at its thinking: see splitThinking. */
export interface SplitReply {
  /** The text after the last </think>; the whole text when there is no think block. */
  answer: string;
  /** A <think> was opened and never closed: the reply ended while the model was still thinking. */
  unfinished: boolean;
}

const OPEN = /<think>/i;
const CLOSE = /<\/think>/gi;

/**
 * The answer of a reply that may think first (Qwen3, DeepSeek-R1 and their kind, served without a
 * reasoning parser). Drafts inside the thinking (a trial score, a first JSON list) are never read as
 * the answer, by every reader of model replies alike.
 */
export function splitThinking(raw: string): SplitReply {
  const close = [...raw.matchAll(CLOSE)].at(-1);
  if (close) return { answer: raw.slice(close.index + close[0].length), unfinished: false };
  if (OPEN.test(raw)) return { answer: '', unfinished: true };
  return { answer: raw, unfinished: false };
}

/**
 * A reply as the model wrote it. A server with a reasoning parser (vLLM, SGLang) hands back the
 * thinking apart from the answer; it goes back in its <think> block before the answer, so that what
 * is kept (a verdict's trace, which cold-start SFT data trains on; an error's raw text) holds the
 * whole generation, and splitThinking reads the same answer as from a server without a parser. A
 * reply cut off while still thinking (no answer, finish reason 'length') keeps its block open.
 */
export function replyText(choice: ChatChoice): string {
  if (choice.reasoning === undefined) return choice.text;
  const cutOffThinking = choice.text.trim() === '' && choice.finishReason === 'length';
  if (cutOffThinking) return `<think>\n${choice.reasoning}`;
  return `<think>\n${choice.reasoning}\n</think>\n\n${choice.text}`;
}

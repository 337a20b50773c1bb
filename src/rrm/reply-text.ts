import type { ChatChoice } from '../core/index.js';

/**
 * A reply as the model wrote it. A server with a reasoning parser hands back the chain of thought
 * apart from the answer; it goes back in its <think> block before the answer, so that the trace
 * keeps the thinking (cold-start SFT data trains on it) and the parser reads the answer after
 * </think>, exactly as for a server that returns the whole generation as content. A reply cut off
 * while still thinking (no answer, finish reason 'length') keeps its block open, so the parser says
 * to raise maxTokens.
 */
export function replyText(choice: ChatChoice): string {
  if (choice.reasoning === undefined) return choice.text;
  const cutOffThinking = choice.text.trim() === '' && choice.finishReason === 'length';
  if (cutOffThinking) return `<think>\n${choice.reasoning}`;
  return `<think>\n${choice.reasoning}\n</think>\n\n${choice.text}`;
}

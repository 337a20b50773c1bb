import type {
  ChatCompletionContentPart,
  ChatCompletionContentPartText,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from 'openai/resources/chat/completions';
import { UsageError } from '../../core/index.js';
import type { ChatMessage, ChatRequest, ContentPart } from '../../core/index.js';
import { imageUrlWithJson } from './encode-body.js';
import type { TokenLimitParam } from './token-limit.js';

function toPart(part: ContentPart): ChatCompletionContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  // Reading part.url here would make a DataUrl's string, which the body never needs.
  if (part.urlJson) return { type: 'image_url', image_url: imageUrlWithJson(part, part.urlJson) };
  return { type: 'image_url', image_url: { url: part.url } };
}

/** System and assistant turns take text only in the chat API; an image there is a caller bug. */
function textParts(message: ChatMessage): string | ChatCompletionContentPartText[] {
  if (typeof message.content === 'string') return message.content;
  return message.content.map((part) => {
    if (part.type !== 'text') {
      throw new UsageError(
        `an image part was put in a ${message.role} message: images belong in user messages`,
      );
    }
    return { type: 'text', text: part.text };
  });
}

export function toOpenAIMessages(messages: readonly ChatMessage[]): ChatCompletionMessageParam[] {
  return messages.map((message): ChatCompletionMessageParam => {
    if (message.role === 'user') {
      const content = typeof message.content === 'string' ? message.content : message.content.map(toPart);
      return { role: 'user', content };
    }
    return message.role === 'system'
      ? { role: 'system', content: textParts(message) }
      : { role: 'assistant', content: textParts(message) };
  });
}

/**
 * One request body. `n` is sent only above 1 and `top_logprobs` only above 0, because some servers
 * reject a parameter they do not implement even at its neutral value.
 */
export function buildRequestBody(
  request: ChatRequest,
  model: string,
  messages: ChatCompletionMessageParam[],
  n: number,
  seed: number | undefined,
  tokenLimit: TokenLimitParam,
): ChatCompletionCreateParamsNonStreaming {
  const top = request.logprobs?.top ?? 0;
  return {
    model,
    messages,
    ...(n > 1 ? { n } : {}),
    ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
    ...(request.maxTokens !== undefined ? { [tokenLimit]: request.maxTokens } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(request.logprobs ? { logprobs: true, ...(top > 0 ? { top_logprobs: top } : {}) } : {}),
  };
}

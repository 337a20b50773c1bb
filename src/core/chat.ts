import type { Usage } from './verdict.js';

/**
 * An image for a chat message: its data URL (or an http(s) URL), and, when its maker has them,
 * `JSON.stringify(url)` as UTF-8 bytes. Backends that send JSON copy those bytes into the body; `url`
 * may then be made only when something reads it, since a 1024 px photo's URL is a ~280 KB string.
 */
export interface ImageUrl {
  readonly url: string;
  readonly urlJson?: Uint8Array;
}

/** A part of a user message: text, or an image already encoded as a data URL (or an http(s) URL). */
export type ContentPart = { type: 'text'; text: string } | ({ type: 'image' } & ImageUrl);

/** The message part for an image; the URL string of an ImageUrl is read only when the part's is. */
export function imagePart(image: string | ImageUrl): ContentPart {
  if (typeof image === 'string') return { type: 'image', url: image };
  if (image.urlJson === undefined) return { type: 'image', url: image.url };
  return {
    type: 'image',
    get url() {
      return image.url;
    },
    urlJson: image.urlJson,
  };
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

export interface ChatRequest {
  messages: ChatMessage[];
  /** Number of samples wanted. Backends ask for them in one request where the server honours `n`. */
  n?: number;
  temperature?: number;
  maxTokens?: number;
  /** Ask for per-token log-probabilities, with this many alternatives per token (0 = the chosen token only). */
  logprobs?: { top: number };
  seed?: number;
}

export interface TokenLogprob {
  token: string;
  logprob: number;
  /** The most likely alternatives at this position, including the chosen token when the server sends it. */
  top: { token: string; logprob: number }[];
}

export interface ChatChoice {
  /** The answer: the message's content, or its refusal when the server sent one instead (OpenAI). */
  text: string;
  /** 'stop', 'length', 'content_filter', ... as the server said; undefined when it said nothing. */
  finishReason: string | undefined;
  logprobs?: TokenLogprob[];
  /**
   * The chain of thought, when the server returned it apart from the answer: vLLM and SGLang do so
   * for reasoning models served with a reasoning parser (`reasoning`, formerly `reasoning_content`).
   * Without a parser it stays in `text`, inside a <think> block.
   */
  reasoning?: string;
}

export interface ChatResult {
  choices: ChatChoice[];
  /** The model the server says answered. */
  model: string;
  usage?: Usage;
  latencyMs: number;
}

/** A VLM behind one small contract. Retries, timeouts and concurrency limits live in implementations. */
export interface ChatBackend {
  readonly id: string;
  readonly model: string;
  complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
}

import type { ChatBackend, ChatChoice, ChatRequest, ChatResult } from '../../core/index.js';

/** A recorded choice: its text, and optionally how it finished and its logprobs. */
export type ScriptedChoice = Pick<ChatChoice, 'text'> & Partial<ChatChoice>;

/**
 * One scripted sample: a text, a choice, an Error to throw (the whole request fails), or a function of
 * the request that returns one of those (`sample` is the index within the request's n).
 */
export type ScriptedReply =
  | string
  | ScriptedChoice
  | Error
  | ((request: ChatRequest, sample: number) => string | ScriptedChoice | Promise<string | ScriptedChoice>);

export interface ScriptedBackendOptions {
  /** Consumed in order, one per sample: a request for n samples takes the next n. */
  replies: readonly ScriptedReply[];
  /** Default 'scripted'. */
  model?: string;
}

export interface ScriptedBackend extends ChatBackend {
  /** Every request received, in order (the same objects the caller passed). */
  readonly calls: readonly ChatRequest[];
  /** Replies not yet consumed. */
  readonly remaining: number;
}

function toChoice(reply: string | ScriptedChoice): ChatChoice {
  return typeof reply === 'string'
    ? { text: reply, finishReason: 'stop' }
    : { finishReason: 'stop', ...reply };
}

/** The mock ChatBackend for unit tests: replays recorded replies and records what it was asked. */
export function createScriptedBackend(options: ScriptedBackendOptions): ScriptedBackend {
  const replies = [...options.replies];
  const model = options.model ?? 'scripted';
  const calls: ChatRequest[] = [];
  let next = 0;

  async function complete(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
    signal?.throwIfAborted();
    calls.push(request);
    const n = request.n ?? 1;
    const choices: ChatChoice[] = [];
    for (let sample = 0; sample < n; sample++) {
      if (next >= replies.length) {
        throw new Error(
          `scripted backend: the script has ${replies.length} replies and all are used; ` +
            `request #${calls.length} wants sample ${sample + 1} of ${n}: add replies to the script`,
        );
      }
      const reply = replies[next++]!;
      if (reply instanceof Error) throw reply;
      choices.push(toChoice(typeof reply === 'function' ? await reply(request, sample) : reply));
    }
    return { choices, model, latencyMs: 0 };
  }

  return {
    id: `scripted:${model}`,
    model,
    complete,
    get calls() {
      return calls;
    },
    get remaining() {
      return replies.length - next;
    },
  };
}

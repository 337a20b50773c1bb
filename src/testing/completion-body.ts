import type { StandInReply, StandInRequestBody, StandInTokenLogprob } from './stand-in-types.js';

/** A rough token count (about 4 characters a token): enough for usage to be plausible and nonzero. */
function roughTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The text in the request's messages (string contents and text parts); images are not counted. */
function promptText(body: StandInRequestBody): string {
  let text = '';
  for (const message of body.messages ?? []) {
    const content = (message as { content?: unknown }).content;
    if (typeof content === 'string') text += content;
    else if (Array.isArray(content)) {
      for (const part of content as { type?: unknown; text?: unknown }[]) {
        if (part.type === 'text' && typeof part.text === 'string') text += part.text;
      }
    }
  }
  return text;
}

function choiceTexts(reply: StandInReply, body: StandInRequestBody): string[] {
  const texts = typeof reply.reply === 'string' ? [reply.reply] : reply.reply;
  if (texts.length === 0) return [];
  const asked = Number.isInteger(body.n) && body.n! > 0 ? body.n! : 1;
  const count = reply.n === 'ignore' ? 1 : typeof reply.n === 'number' ? reply.n : asked;
  return Array.from({ length: count }, (_, i) => texts[i % texts.length]!);
}

/** Logprobs as the chat API sends them, trimmed to the alternatives the request asked for. */
function logprobsBody(logprobs: readonly StandInTokenLogprob[], top: number) {
  return {
    content: logprobs.map((entry) => ({
      token: entry.token,
      logprob: entry.logprob,
      bytes: null,
      top_logprobs: (entry.top ?? [])
        .slice(0, top)
        .map(({ token, logprob }) => ({ token, logprob, bytes: null })),
    })),
  };
}

/** The JSON of a chat completion answering `body` with `reply`. */
export function completionBody(reply: StandInReply, body: StandInRequestBody, index: number, model: string) {
  const texts = choiceTexts(reply, body);
  const logprobs =
    body.logprobs === true && reply.logprobs ? logprobsBody(reply.logprobs, body.top_logprobs ?? 0) : null;
  return {
    id: `chatcmpl-stand-in-${index}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model ?? model,
    choices: texts.map((text, i) => ({
      index: i,
      message: { role: 'assistant', content: text },
      finish_reason: reply.finishReason ?? 'stop',
      logprobs,
    })),
    usage: reply.usage ?? {
      prompt_tokens: roughTokens(promptText(body)),
      completion_tokens: texts.reduce((sum, text) => sum + roughTokens(text), 0),
    },
  };
}

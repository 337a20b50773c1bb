import type { StandInRequestBody } from '../src/testing/index.js';

interface ListedPrinciple {
  question: string;
  category: string;
}

const HEADING = 'Principles, to check in this order';

/**
 * The principles a judge request lists, read back from its last text part (the judge prompt puts
 * the heading, then the JSON list, as paragraphs of their own). Throws when the request has none,
 * so a change to the prompt fails the benchmark loudly instead of measuring malformed replies.
 */
export function requestedPrinciples(body: StandInRequestBody): ListedPrinciple[] {
  for (const message of body.messages ?? []) {
    const content = (message as { content?: unknown }).content;
    if (!Array.isArray(content)) continue;
    for (const part of content as { type?: unknown; text?: unknown }[]) {
      if (part.type !== 'text' || typeof part.text !== 'string') continue;
      const paragraphs = part.text.split('\n\n');
      const at = paragraphs.findIndex((p) => p.startsWith(HEADING));
      if (at >= 0 && paragraphs[at + 1] !== undefined) {
        return JSON.parse(paragraphs[at + 1]!) as ListedPrinciple[];
      }
    }
  }
  throw new Error(`the request has no "${HEADING}" paragraph followed by a JSON list`);
}

/**
 * A well-formed verifier reply to those principles, as the judge prompt asks for it: reasoning per
 * principle, the JSON list with each question copied verbatim, the average, then the score tag.
 * Every fourth principle fails, so the reply carries both scores and a final score below 10.
 */
export function verdictReply(principles: readonly ListedPrinciple[]): string {
  const scores = principles.map((_, i) => (i % 4 === 3 ? 0 : 1));
  const average = scores.reduce<number>((sum, s) => sum + s, 0) / scores.length;
  const reasoning = principles.map(
    (p, i) =>
      `${i + 1}. ${p.question}\nComparing the regions at [112, 96, 388, 410] in both images, ` +
      `${scores[i] ? 'the edited image satisfies this. Satisfied.' : 'this is not clearly met. Not satisfied.'}`,
  );
  const list = principles.map(
    (p, i) => `  {"question": ${JSON.stringify(p.question)}, "score": ${scores[i]}}`,
  );
  return [
    'Let me check each principle in order.',
    ...reasoning,
    `\`\`\`json\n[\n${list.join(',\n')}\n]\n\`\`\``,
    `{"average_score": ${average}}`,
    'The edit mostly does what was asked; the unmet points would need a small re-edit.',
    `<score>${(average * 10).toFixed(1)}</score>`,
  ].join('\n\n');
}

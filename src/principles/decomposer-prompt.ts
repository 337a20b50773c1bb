import type { ChatMessage, ContentPart, ImageUrl } from '../core/index.js';
import { imagePart } from '../core/index.js';
import { DISTRIBUTION } from './distribution.js';
import type { Exemplar } from './exemplars.js';

const { range } = DISTRIBUTION;

/** What the decomposer model is asked to do, in our words (PAPER.md section 1). */
export const DECOMPOSER_SYSTEM_PROMPT = `You turn an image-editing request into a checklist for a reviewer.
You get a source image and an edit instruction. Write exactly ${DISTRIBUTION.total} yes/no questions that a careful reviewer would ask about the EDITED image to decide whether the edit is good. A "yes" must always mean the edit did well.

Use three categories:
- instruction-following (${range['instruction-following'].join(' or ')} questions): was the requested change made, completely, in the right place and with the right attributes? Cover each concrete part of the instruction: the object, its colour, material, size, count, position or pose, the exact text. For a move, ask whether the object moved a significant distance (at least 10% of the image size). Left and right of a person mean the person's own left and right, as they face.
- feature-preservation (${range['feature-preservation'].join(' or ')} questions): did everything the instruction does not touch stay as it was? Name what must stay, using what you see in the image: the background, the other objects, people's identity, faces, pose and clothing, the lighting, the framing.
- image-quality (${range['image-quality'].join(' or ')} questions): is the result clean? Ask about artefacts and distortions, natural blending of the edited area (light, shadows, perspective, scale), sharpness, oversaturation or colour casts.

The counts must add up to ${DISTRIBUTION.total}, so the only possible splits are 4-4-2, 4-3-3 and 3-4-3.
Each question checks one thing, names the concrete objects involved, and differs from every other question.
The examples describe their source image in words; for the real request you see the image itself.

Reply with only a JSON array of ${DISTRIBUTION.total} objects, each {"question": "...", "category": "..."}, where category is instruction-following, feature-preservation or image-quality (the names "Instruction Following", "Feature Preservation" and "Image Quality" are accepted too). No other text.`;

/** The reply format the examples model: one principle a line, so the model copies a readable layout. */
export function formatPrinciplesReply(principles: readonly { question: string; category: string }[]): string {
  const lines = principles.map((p) => `  ${JSON.stringify({ question: p.question, category: p.category })}`);
  return `[\n${lines.join(',\n')}\n]`;
}

/** System prompt, each exemplar as a user/assistant exchange, then the real request with its image. */
export function buildDecomposerMessages(
  exemplars: readonly Exemplar[],
  instruction: string,
  image: string | ImageUrl,
): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: DECOMPOSER_SYSTEM_PROMPT }];
  for (const ex of exemplars) {
    messages.push({ role: 'user', content: `Source image: ${ex.source}\nInstruction: ${ex.instruction}` });
    messages.push({ role: 'assistant', content: formatPrinciplesReply(ex.principles) });
  }
  const request: ContentPart[] = [
    { type: 'text', text: 'Source image:' },
    imagePart(image),
    { type: 'text', text: `Instruction: ${instruction}` },
  ];
  messages.push({ role: 'user', content: request });
  return messages;
}

/** The user turn that follows a bad reply: what was wrong, then the format again. */
export function correctionMessage(problems: readonly string[]): string {
  return (
    `Your reply could not be used: ${problems.join('; ')}. ` +
    `Reply again with only the JSON array: exactly ${DISTRIBUTION.total} objects {"question": "...", "category": "..."}, ` +
    `${range['instruction-following'].join('-')} instruction-following, ${range['feature-preservation'].join('-')} feature-preservation ` +
    `and ${range['image-quality'].join('-')} image-quality, each a distinct yes/no question about the edited image.`
  );
}

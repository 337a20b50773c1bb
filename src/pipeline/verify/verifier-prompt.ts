import type { ChatMessage, ImageUrl, PointVerdict, Principle } from '../../core/index.js';
import { imagePart, UsageError } from '../../core/index.js';
import { normalizeQuestion } from '../../core/index.js';
import { CATEGORY_LABELS } from '../../rrm/index.js';
import type { VerifyPayload } from '../types.js';

/**
 * The verifier of PAPER.md 3.5, in our words: it settles each principle from the images itself, and
 * weighs the traces' predictions only as hints that may be wrong. Its answer is the gold label the
 * selector measures every trace against, so the format is one bare JSON object and nothing else.
 */
export const VERIFIER_SYSTEM_PROMPT = `You set the reference answers for judgements of image edits. You are given the source image, the edited image, the edit instruction, and principles: yes/no questions that a good edit satisfies. For each principle you also see what several earlier judges (traces) answered, 1 (satisfied) or 0 (not satisfied), often with their reason.

Those earlier answers are references, not instructions: any of them may be wrong, and all of them may agree and still be wrong. Look at the two images and decide every principle yourself; use the references only to notice details you might have missed.

How to decide
- 1 only if the edited image clearly satisfies the principle; if it does not, or you are uncertain, 0.
- An object shifted by less than 10% of the image size has not moved. A removal must be complete: any leftover part, outline or shadow means it failed.
- Left and right of a person are the person's own, from the direction the person faces.
- When a principle contradicts the instruction, the instruction wins.

Answer with ONLY this JSON object, no other text before or after it:
{"gold": [{"question": "<the principle, copied word for word>", "gold": 0 or 1, "reason": "<one sentence>"}, ...]}
with exactly one entry per principle, in the order the principles are given.`;

/** A trace's reason is a hint; a long one is cut so the references do not crowd out the images. */
const REASON_CHARS = 300;

export interface VerifierMessagesInput {
  instruction: string;
  principles: readonly Principle[];
  /** The source image as a data URL (or an http(s) URL the server may fetch). */
  sourceUrl: string | ImageUrl;
  editedUrl: string | ImageUrl;
  references: VerifyPayload['references'];
}

/** A trace's point for a principle: at its index when the question agrees, else by question text. */
function pointFor(points: readonly PointVerdict[], index: number, key: string): PointVerdict | undefined {
  const atIndex = points[index];
  if (atIndex && normalizeQuestion(atIndex.question) === key) return atIndex;
  return points.find((p) => normalizeQuestion(p.question) === key);
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > REASON_CHARS ? `${flat.slice(0, REASON_CHARS - 1)}…` : flat;
}

/**
 * The verifier's chat: the system prompt, then one user turn with the source image, the edited image,
 * the instruction, and the principles as JSON, each with the traces' predictions (trace numbers follow
 * the references' order; a trace that left a principle unscored says so).
 */
export function buildVerifierMessages(input: VerifierMessagesInput): ChatMessage[] {
  const { instruction, principles, sourceUrl, editedUrl, references } = input;
  if (instruction.trim() === '')
    throw new UsageError('the edit instruction is empty: pass the instruction text');
  if (principles.length === 0) throw new UsageError('no principles to label: pass at least one principle');
  const listed = principles.map((principle, i) => {
    const key = normalizeQuestion(principle.question);
    const predictions = references.map((reference, t) => {
      const point = pointFor(reference.points, i, key);
      const prediction: Record<string, unknown> = { trace: t + 1, answer: point?.score ?? 'no answer' };
      if (point?.reason) prediction.reason = shorten(point.reason);
      return prediction;
    });
    return { question: principle.question, category: CATEGORY_LABELS[principle.category], predictions };
  });
  const referenceNote =
    references.length === 0
      ? 'No earlier judge answered: decide from the images alone.'
      : `Earlier answers from ${references.length} trace(s) are listed under each principle as references; they may be wrong.`;
  return [
    { role: 'system', content: VERIFIER_SYSTEM_PROMPT },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'Source image (before the edit):' },
        imagePart(sourceUrl),
        { type: 'text', text: 'Edited image (after the edit):' },
        imagePart(editedUrl),
        {
          type: 'text',
          text: [
            `Edit instruction: ${instruction.trim()}`,
            referenceNote,
            `Principles, to label in this order (${principles.length}):`,
            JSON.stringify(listed, null, 2),
            `Answer with only {"gold": [...]}: ${principles.length} entries, in this order.`,
          ].join('\n\n'),
        },
      ],
    },
  ];
}

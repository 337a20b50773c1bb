import type { ChatMessage, ImageUrl, Principle } from '../core/index.js';
import { imagePart, UsageError } from '../core/index.js';

/**
 * The verifier's instructions (PAPER.md section 2), in our own words. Every variant carries every rule,
 * the scoring guide and the output format; variants differ only in tone, so the data pipeline can vary
 * the system prompt across its trace pool without changing what a trace must contain.
 */
const RULES = `How to check
1. Go through the principles one by one, in the order given. For each one, compare the two images, reason about it, and decide whether the edited image satisfies it.
2. Whenever position, size or layout matters, locate the objects with bounding boxes written as [x0, y0, x1, y1] (pixel coordinates of the image you are describing; say which image).
3. A principle scores 1 only if the edited image clearly satisfies it. If it is not satisfied, or you are uncertain, or you cannot tell, it scores 0: uncertain counts as 0.

Hard rules (they hold whatever else you conclude)
- If the edited image is nearly identical to the source image, the edit was not made: the final score is 0.
- If the edited image has a white border or white padding added around the picture, the final score is 0.
- Position changes must be significant: an object shifted by less than 10% of the image size has not moved.
- A removal must be complete: any leftover part, outline or shadow of the removed object means the removal failed.
- Left and right of a person are the person's own left and right, from the direction the person faces, not the viewer's.
- When a principle contradicts the instruction, the instruction wins: judge by the instruction.
- A change to anything that neither the instruction nor the principles mention is a hallucination: penalise it hard, even when it looks plausible.
- Check image quality: over-sharpening (halos, crunchy edges), oversaturation (neon or clipped colours) and a colour cast (a tint over the whole image) are defects.

The final score
- After the per-principle checks, give a final score from 0 to 10; decimals are allowed.
- It is a reasoned judgement of the whole edit, not the average of the principle scores: deduct for each problem by how costly it would be to re-edit the image to fix it, so one unmet core requirement can cost more than several minor ones.
- Scoring guide: 0 = unusable; 5 = partly usable; 8 = nearly usable, small fixes needed; 10 = perfect.`;

const OUTPUT_FORMAT = `Output format (follow it exactly, in this order)
1. Your reasoning, principle by principle.
2. A JSON list in a \`\`\`json code block, one object per principle, in the same order as the principles and with each question copied word for word: [{"question": "<the principle>", "score": 0 or 1}, ...]
3. The mean of those 0/1 scores as a JSON object: {"average_score": <mean>}
4. The final score in a tag, as the last thing you write: <score>x</score>`;

export interface PromptVariant {
  /** What the variant changes, for logs and the data pipeline's records. */
  description: string;
  /** Opening paragraph: the judge's role and tone. */
  preamble: string;
  /** Extra guidance placed after the shared rules, or '' for none. */
  emphasis: string;
}

/** Registry of system prompt variants: one row each, all sharing RULES and OUTPUT_FORMAT. */
export const PROMPT_VARIANTS = {
  standard: {
    description: 'the reference verifier prompt',
    preamble:
      'You are a careful verifier of image edits. You are given a source image, the edited image, the edit instruction, and principles: yes/no questions that a good edit satisfies. Judge only what you can see in the images.',
    emphasis: '',
  },
  strict: {
    description: 'a demanding verifier that reserves high scores for faultless edits',
    preamble:
      'You are a demanding reviewer of image edits. You are given a source image, the edited image, the edit instruction, and principles: yes/no questions that a good edit satisfies. Look for every flaw; judge only what you can see in the images.',
    emphasis:
      'Be demanding: most edits have flaws. Give 9 or 10 only to an edit you cannot fault, and look twice at details, edges and the parts of the image that should not have changed.',
  },
  concise: {
    description: 'the same rules with brief reasoning (shorter traces)',
    preamble:
      'You verify image edits. You are given a source image, the edited image, the edit instruction, and principles: yes/no questions that a good edit satisfies. Judge only what you can see in the images.',
    emphasis:
      'Keep the reasoning brief: one or two sentences per principle, boxes only where position matters.',
  },
} as const satisfies Record<string, PromptVariant>;

export type PromptVariantName = keyof typeof PROMPT_VARIANTS;
export const PROMPT_VARIANT_NAMES = Object.keys(PROMPT_VARIANTS) as PromptVariantName[];

/** The paper's category names, which models know from the decomposition prompts. */
const CATEGORY_LABELS: Record<Principle['category'], string> = {
  'instruction-following': 'Instruction Following',
  'feature-preservation': 'Feature Preservation',
  'image-quality': 'Image Quality',
};

export function systemPrompt(variant: PromptVariantName = 'standard'): string {
  const row: PromptVariant | undefined = PROMPT_VARIANTS[variant];
  if (!row) {
    throw new UsageError(
      `unknown prompt variant "${variant}": use one of ${PROMPT_VARIANT_NAMES.join(', ')}`,
    );
  }
  return [row.preamble, RULES, row.emphasis, OUTPUT_FORMAT].filter((part) => part !== '').join('\n\n');
}

export interface JudgeMessagesInput {
  instruction: string;
  principles: readonly Principle[];
  /** The source image as a data URL (or an http(s) URL the server may fetch). */
  sourceUrl: string | ImageUrl;
  editedUrl: string | ImageUrl;
  variant?: PromptVariantName;
}

/**
 * The chat for one verification: the system prompt, then one user turn with the source image first and
 * the edited image second, each labelled, then the instruction and the principles. Principles are given as
 * JSON so the model can copy each question verbatim into its answer (the parser matches on that text).
 */
export function buildJudgeMessages(input: JudgeMessagesInput): ChatMessage[] {
  const { instruction, principles, sourceUrl, editedUrl, variant } = input;
  if (instruction.trim() === '')
    throw new UsageError('the edit instruction is empty: pass the instruction text');
  if (principles.length === 0) throw new UsageError('no principles to check: pass at least one principle');
  const listed = principles.map((p) => ({ question: p.question, category: CATEGORY_LABELS[p.category] }));
  return [
    { role: 'system', content: systemPrompt(variant) },
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
            `Principles, to check in this order (${principles.length}):`,
            JSON.stringify(listed, null, 2),
            'Answer in the output format: reasoning, the ```json list, {"average_score": x}, then <score>x</score>.',
          ].join('\n\n'),
        },
      ],
    },
  ];
}

import type { ContentPart } from '../../core/index.js';
import { UsageError } from '../../core/index.js';
import { buildJudgeMessages, PROMPT_VARIANT_NAMES, type PromptVariantName } from '../../rrm/index.js';
import type { SelectedRow } from '../types.js';

/** The placeholder LLaMA-Factory and ms-swift replace with an image, in the order of the `images` list. */
export const IMAGE_TOKEN = '<image>';

/**
 * Placeholders the training tools expand (image, video, audio). Text that holds one literally would
 * shift every image after it, so such rows are left out (see `mediaTokenIn`).
 */
const MEDIA_TOKENS = [IMAGE_TOKEN, '<video>', '<audio>'] as const;

export interface SftMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** One training example: the chat and the images its `<image>` tokens stand for, in token order. */
export interface SftRecord {
  messages: SftMessage[];
  images: string[];
}

/** Where a row's text holds a media placeholder literally ('instruction', 'principles', 'trace'), or undefined. */
export function mediaTokenIn(row: SelectedRow): string | undefined {
  const fields: Array<[string, string]> = [
    ['instruction', row.instruction],
    ['principles', row.principles.map((p) => p.question).join('\n')],
    ['trace', row.trace],
  ];
  return fields.find(([, text]) => MEDIA_TOKENS.some((token) => text.includes(token)))?.[0];
}

function variantOf(row: SelectedRow): PromptVariantName {
  const name = PROMPT_VARIANT_NAMES.find((v) => v === row.promptVariant);
  if (name === undefined) {
    throw new UsageError(
      `quadruple ${row.quadrupleId}: unknown prompt variant "${row.promptVariant}": its trace was asked with a prompt export cannot rebuild; use one of ${PROMPT_VARIANT_NAMES.join(', ')}`,
    );
  }
  return name;
}

function judgeMessagesOf(row: SelectedRow, paths: { source: string; edited: string }) {
  try {
    return buildJudgeMessages({
      instruction: row.instruction,
      principles: row.principles,
      sourceUrl: paths.source,
      editedUrl: paths.edited,
      variant: variantOf(row),
    });
  } catch (error) {
    if (error instanceof UsageError && !error.message.startsWith('quadruple ')) {
      throw new UsageError(`quadruple ${row.quadrupleId}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/**
 * The row as the RRM is asked at inference (rrm/prompt.ts): the same system prompt variant and the same
 * user turn, with each image part replaced by `<image>` and the parts joined with nothing between them,
 * which is how Qwen-VL's chat template concatenates content parts, so the tokens the model trains on
 * equal the tokens it is asked with. The assistant turn is the kept trace verbatim.
 *
 * The images list is read off the prompt's image parts rather than assumed, so tokens and images stay
 * aligned if the prompt ever orders the images differently.
 */
export function buildSftRecord(row: SelectedRow, paths: { source: string; edited: string }): SftRecord {
  const [system, user] = judgeMessagesOf(row, paths);
  if (system?.role !== 'system' || typeof system.content !== 'string' || !Array.isArray(user?.content)) {
    throw new Error(
      'rrm/prompt.ts no longer builds [system text, user parts]: update sft-record.ts to match',
    );
  }
  const parts: ContentPart[] = user.content;
  return {
    messages: [
      { role: 'system', content: system.content },
      { role: 'user', content: parts.map((p) => (p.type === 'text' ? p.text : IMAGE_TOKEN)).join('') },
      { role: 'assistant', content: row.trace },
    ],
    images: parts.flatMap((p) => (p.type === 'image' ? [p.url] : [])),
  };
}

import { z } from 'zod';
import { SelectedRowSchema } from './selected-row-schema.js';
import { IMAGE_TOKEN } from './sft-record.js';

/**
 * The files each format writes, as the tools read them: written from LLaMA-Factory's data/README.md
 * (sharegpt format, OpenAI message layout, multimodal image datasets) and ms-swift's custom dataset
 * docs (standard messages format, multimodal). Strict objects: our files carry nothing else.
 */

/** An image path as the export writes it: inside images/, relative to the export folder, `/`-separated. */
const ExportedImagePath = z
  .string()
  .regex(
    /^images\/[0-9a-f]{64}\.[a-z]+$/,
    'image paths are images/<sha256>.<extension>, relative to the export folder',
  );

const MessageSchema = z.strictObject({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});

const tokenCount = (text: string) => text.split(IMAGE_TOKEN).length - 1;

/**
 * One example in either tool: an optional system message, then user and assistant turns alternating
 * and ending with the assistant; as many `<image>` tokens in the messages as paths in `images`, which
 * both tools pair up in order.
 */
const SftRecordSchema = z
  .strictObject({
    messages: z.array(MessageSchema).min(2),
    images: z.array(ExportedImagePath),
  })
  .superRefine((record, ctx) => {
    const turns = record.messages[0]?.role === 'system' ? record.messages.slice(1) : record.messages;
    turns.forEach((m, i) => {
      const expected = i % 2 === 0 ? 'user' : 'assistant';
      if (m.role !== expected) {
        ctx.addIssue({ code: 'custom', message: `turn ${i} must be ${expected}, got ${m.role}` });
      }
    });
    if (turns.length % 2 !== 0)
      ctx.addIssue({ code: 'custom', message: 'the last turn must be the assistant' });
    const tokens = record.messages.reduce((sum, m) => sum + tokenCount(m.content), 0);
    if (tokens !== record.images.length) {
      ctx.addIssue({
        code: 'custom',
        message: `${tokens} ${IMAGE_TOKEN} tokens for ${record.images.length} images: they must be equal`,
      });
    }
  });

/** LLaMA-Factory's data.json: a JSON array of sharegpt records in the OpenAI message layout. */
export const LlamaFactoryDataSchema = z.array(SftRecordSchema);

/** LLaMA-Factory's dataset_info.json: dataset name -> where the file is and how to read its columns. */
export const LlamaFactoryDatasetInfoSchema = z.record(
  z.string().min(1),
  z.strictObject({
    file_name: z.string().min(1),
    formatting: z.literal('sharegpt'),
    columns: z.strictObject({ messages: z.literal('messages'), images: z.literal('images') }),
    tags: z.strictObject({
      role_tag: z.literal('role'),
      content_tag: z.literal('content'),
      user_tag: z.literal('user'),
      assistant_tag: z.literal('assistant'),
      system_tag: z.literal('system'),
    }),
  }),
);

/** One line of ms-swift's train.jsonl: the standard `messages` format with an `images` list. */
export const SwiftLineSchema = SftRecordSchema;

/** One line of rows.jsonl: a whole SelectedRow with its image paths made relative. */
export const RowsLineSchema = SelectedRowSchema.extend({
  source: ExportedImagePath,
  edited: ExportedImagePath,
}).strict();

const count = z.number().int().min(0);

/** card.json: the numbers README.md renders. */
export const DatasetCardSchema = z.strictObject({
  datasetName: z.string(),
  format: z.string(),
  minAccuracy: z.number().min(0).max(1),
  quadruples: count,
  kept: count,
  leftOut: z.strictObject({ belowMinAccuracy: count, mediaTokenInText: count }),
  shareBelowMinAccuracy: z.number().min(0).max(1).nullable(),
  categories: z.array(z.strictObject({ category: z.string(), kept: count, leftOut: count })),
  finalScores: z.array(z.strictObject({ from: z.number(), to: z.number(), count })).length(10),
  accuracy: z
    .array(z.strictObject({ from: z.number(), to: z.number(), kept: count, leftOut: count, traces: count }))
    .length(10),
  members: z.array(z.strictObject({ model: z.string(), promptVariant: z.string(), kept: count })),
});

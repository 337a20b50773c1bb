import { isAbsolute } from 'node:path';
import { z } from 'zod';
import { PrincipleSchema } from '../../core/index.js';
import { PROMPT_VARIANT_NAMES } from '../../rrm/index.js';
import type { SelectedRow } from '../types.js';

const absolutePath = (field: string) =>
  z
    .string()
    .refine(isAbsolute, `${field} must be an absolute path (the select stage stores absolute image paths)`);

const accuracy = z.number().min(0, 'accuracy must be from 0 to 1').max(1, 'accuracy must be from 0 to 1');

/** A verifier's label for one principle, as the select stage stores it. */
export const GoldLabelSchema = z.object({
  question: z.string(),
  gold: z.union([z.literal(0), z.literal(1)]),
  reason: z.string(),
});

/**
 * A select-stage row as export reads it. Rows come from the store, which another version of the code
 * may have written, so they are checked here rather than trusted: a bad row stops the export with its
 * quadrupleId and field named, instead of writing a training file that fails hours into a run.
 */
export const SelectedRowSchema = z.object({
  quadrupleId: z.string().min(1, 'quadrupleId must be a non-empty string'),
  inputId: z.string(),
  category: z.string(),
  instruction: z.string().refine((s) => s.trim() !== '', 'instruction is empty'),
  source: absolutePath('source'),
  edited: absolutePath('edited'),
  principles: z.array(PrincipleSchema).min(1, 'a row needs at least one principle'),
  gold: z.array(GoldLabelSchema),
  trace: z.string(),
  finalScore: z.number().min(0, 'finalScore must be from 0 to 10').max(10, 'finalScore must be from 0 to 10'),
  averageScore: z.number().nullable(),
  member: z.number().int().min(0),
  model: z.string(),
  // The SFT prompt is rebuilt from the variant, so it must be one rrm/prompt.ts knows.
  promptVariant: z.enum(PROMPT_VARIANT_NAMES, {
    error: () => `promptVariant must be one of ${PROMPT_VARIANT_NAMES.join(', ')}`,
  }),
  accuracy,
  traceAccuracies: z.array(accuracy),
}) satisfies z.ZodType<SelectedRow>;

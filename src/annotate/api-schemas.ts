import { z } from 'zod';
import { CHOICES } from './types.js';

/** POST /api/labels. submissionId is the page's uuid for one click: a resend of it changes nothing. */
export const LabelBodySchema = z.strictObject({
  pairId: z.string().min(1).max(512),
  choice: z.enum(CHOICES),
  submissionId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,128}$/, 'expected 8-128 letters, digits, - or _ (a uuid fits)'),
  /** Time the annotator spent on the pair, up to a day. */
  elapsedMs: z.number().finite().min(0).max(86_400_000),
});

/** POST /api/undo takes no fields; an empty JSON object (or no body) is accepted. */
export const UndoBodySchema = z.strictObject({}).optional();

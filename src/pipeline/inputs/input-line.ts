import { z } from 'zod';
import { PrincipleListSchema } from '../../core/index.js';

/**
 * An input id names a folder (`<candidates>/<inputId>/`) and parts of file names, so it may not hold a
 * path separator or control character, nor be `.` or `..`.
 */
export const InputIdSchema = z
  .string({ error: 'expected a string id' })
  .min(1, 'expected a non-empty id')
  .max(200, 'expected an id of at most 200 characters')
  .refine((id) => !/[/\\]/.test(id) && [...id].every((c) => c.charCodeAt(0) >= 0x20), {
    message: 'expected an id without /, \\ or control characters',
  })
  .refine((id) => id !== '.' && id !== '..', { message: 'expected an id other than . or ..' });

/** One line of the inputs JSONL. Extra fields are ignored, as in pairs files (users bring their own data). */
export const InputLineSchema = z.object({
  id: InputIdSchema,
  /** Path of the source image, relative to the JSONL file or absolute. */
  source: z.string({ error: 'expected a path' }).min(1, 'expected a path'),
  instruction: z
    .string({ error: 'expected the edit instruction' })
    .trim()
    .min(1, 'expected a non-empty instruction'),
  category: z.string().min(1, 'expected a non-empty category').optional(),
  principles: PrincipleListSchema.optional(),
});
export type InputLine = z.infer<typeof InputLineSchema>;

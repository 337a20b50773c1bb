import { z } from 'zod';
import { PrincipleListSchema } from './principle.js';

export const PREFERENCES = ['a', 'b', 'same'] as const;
export type Preference = (typeof PREFERENCES)[number];

/**
 * One line of a pairs file (pairs.jsonl): a person (or EditWorld's oracle) saw the source, the
 * instruction and two edits, and preferred one or called them the same. Image fields are paths
 * relative to the pairs file, absolute paths, or data URLs. This is also the format users bring
 * their own benchmarks in; extra fields are kept and ignored.
 */
export const PairSchema = z
  .object({
    id: z.string().min(1),
    /** Edit category (EditReward-Bench's names where they fit, e.g. color_alter); per-category accuracy groups by it. */
    category: z.string().min(1).default('uncategorized'),
    instruction: z.string().trim().min(1),
    source: z.string().min(1),
    a: z.string().min(1),
    b: z.string().min(1),
    preference: z.enum(PREFERENCES),
    /** Principles for the instruction, when known (EditWorld writes its gold ones); else the judge decomposes. */
    principles: PrincipleListSchema.optional(),
  })
  .loose();
export type Pair = z.infer<typeof PairSchema>;

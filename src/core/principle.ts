import { z } from 'zod';
import { CheckSchema } from './check.js';

/** Our category ids. The paper's names ("Instruction Following", ...) and prose names ("Follow") map onto them. */
export const CATEGORIES = ['instruction-following', 'feature-preservation', 'image-quality'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Every spelling of a category a user or a model may write, lower-cased with non-letters removed. */
const CATEGORY_ALIASES: Record<string, Category> = {
  instructionfollowing: 'instruction-following',
  follow: 'instruction-following',
  following: 'instruction-following',
  featurepreservation: 'feature-preservation',
  preservation: 'feature-preservation',
  keep: 'feature-preservation',
  imagequality: 'image-quality',
  quality: 'image-quality',
};

/** Maps any accepted spelling to our id; returns undefined when the text names no category. */
export function normalizeCategory(value: string): Category | undefined {
  return CATEGORY_ALIASES[value.toLowerCase().replace(/[^a-z]/g, '')];
}

export const CategorySchema = z.preprocess(
  (v) => (typeof v === 'string' ? (normalizeCategory(v) ?? v) : v),
  z.enum(CATEGORIES, {
    error: () =>
      `category must be one of ${CATEGORIES.join(', ')} (or the paper's "Instruction Following", "Feature Preservation", "Image Quality")`,
  }),
);

export const PrincipleSchema = z.object({
  question: z.string().trim().min(1, 'question must be a non-empty yes/no question'),
  category: CategorySchema,
  check: CheckSchema.optional(),
});
export type Principle = z.infer<typeof PrincipleSchema>;

export const PrincipleListSchema = z.array(PrincipleSchema).min(1, 'give at least one principle');

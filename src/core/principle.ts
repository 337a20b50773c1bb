import { z } from 'zod';
import { CheckSchema } from './check.js';
import { repeatedQuestions } from './question-key.js';

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

/** Refuses a list that asks one question twice (see repeatedQuestions), naming both. */
function refineUniqueQuestions(list: readonly { question: string }[], ctx: z.RefinementCtx): void {
  for (const { index, earlier } of repeatedQuestions(list)) {
    ctx.addIssue({
      code: 'custom',
      path: [index, 'question'],
      message: `asks what principle ${earlier} (counting from 0) asks; ask each question once`,
    });
  }
}

/**
 * A principle list of `principle`'s shape (PrincipleSchema, or one with tighter limits): at least one,
 * each question asked once.
 */
export function principleListOf<T extends z.ZodType<{ question: string }>>(principle: T) {
  return z.array(principle).min(1, 'give at least one principle').superRefine(refineUniqueQuestions);
}

export const PrincipleListSchema = principleListOf(PrincipleSchema);

/** Lists checkPrinciples returned: they passed PrincipleListSchema and are frozen, principles and all. */
const checkedLists = new WeakSet<readonly Principle[]>();

/** Freezes a parsed value and everything in it (parsed JSON: arrays and plain objects). */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * `list` checked against PrincipleListSchema, once: a list this function returned is frozen, so it is
 * returned as it is, and anything else is parsed and its result frozen. A judge checks the principles
 * of every call, and a GRPO group passes one list for all its edits; with the list it got from here,
 * the group pays for one parse instead of one an edit.
 */
export function checkPrinciples(
  list: unknown,
): { success: true; data: Principle[] } | { success: false; error: z.ZodError } {
  if (checkedLists.has(list as Principle[])) return { success: true, data: list as Principle[] };
  const parsed = PrincipleListSchema.safeParse(list);
  if (!parsed.success) return parsed;
  const frozen = deepFreeze(parsed.data);
  checkedLists.add(frozen);
  return { success: true, data: frozen };
}

/** JSON of the lists checkPrinciples returned, made once each: they are frozen, so it cannot go stale. */
const jsonOfChecked = new WeakMap<readonly Principle[], string>();

/**
 * JSON.stringify(list), kept for a list checkPrinciples returned: a reward service keys each edit's
 * cached reward by its principles, and a group's edits share one list.
 */
export function principlesJson(list: readonly Principle[]): string {
  if (!checkedLists.has(list)) return JSON.stringify(list);
  let json = jsonOfChecked.get(list);
  if (json === undefined) {
    json = JSON.stringify(list);
    jsonOfChecked.set(list, json);
  }
  return json;
}

import { z } from 'zod';
import { CategorySchema } from './principle.js';

/** A box the judge gave when position matters, in the image coordinates it reported. */
export const BoxSchema = z.object({ x0: z.number(), y0: z.number(), x1: z.number(), y1: z.number() });
export type Box = z.infer<typeof BoxSchema>;

/**
 * The ids of the rules enforced in code (PAPER.md section 2): an edit nearly identical to its source
 * and an added white border score 0; artefacts no principle asked about (the paper's "also check
 * over-sharpening, oversaturation, colour cast") lower the score of the embedded judge.
 */
export const HARD_RULES = ['near-identical', 'white-border', 'artefacts'] as const;
export type HardRuleId = (typeof HARD_RULES)[number];

export const AppliedRuleSchema = z.object({
  rule: z.enum(HARD_RULES),
  /** What was measured, e.g. "mean absolute difference 0.2/255 over the whole image". */
  reason: z.string(),
  /** The final score the judge gave before the rule overrode it, when it had one. */
  scoreBefore: z.number().nullable(),
});
export type AppliedRule = z.infer<typeof AppliedRuleSchema>;

/**
 * One principle's verdict. score 1 = satisfied, 0 = not (uncertain counts 0), null = this judge
 * could not verify it (the embedded judge marks what needs a VLM this way: it never guesses).
 */
export const PointVerdictSchema = z.object({
  question: z.string(),
  category: CategorySchema,
  score: z.union([z.literal(0), z.literal(1), z.null()]),
  reason: z.string().optional(),
  box: BoxSchema.optional(),
});
export type PointVerdict = z.infer<typeof PointVerdictSchema>;

export const UsageSchema = z.object({
  promptTokens: z.number().int().nonnegative(),
  completionTokens: z.number().int().nonnegative(),
});
export type Usage = z.infer<typeof UsageSchema>;

export const VerdictSchema = z.object({
  points: z.array(PointVerdictSchema),
  /** Mean of the 0/1 scores over the points that have one; null when none has. */
  averageScore: z.number().min(0).max(1).nullable(),
  /** The 0-10 final score, after hard rules. */
  finalScore: z.number().min(0).max(10),
  /** The reasoning text (a VLM's whole reply, or the embedded judge's account of its checks). */
  trace: z.string(),
  /** Which judge produced it, e.g. 'embedded' or 'vlm:Qwen2.5-VL-7B-Instruct'. */
  judge: z.string(),
  rulesApplied: z.array(AppliedRuleSchema),
  /** Share of the principles this judge could verify (1 for a VLM; less for the embedded judge). */
  verifiedShare: z.number().min(0).max(1),
  /** Probability-weighted score from the score tokens' logprobs, when the backend returned them. */
  expectedScore: z.number().min(0).max(10).optional(),
  usage: UsageSchema.optional(),
  /** What the parser repaired or doubted in a model's reply (a pseudo-JSON repair, a disagreeing average...). */
  warnings: z.array(z.string()).optional(),
  latencyMs: z.number().nonnegative(),
});
export type Verdict = z.infer<typeof VerdictSchema>;

/** Mean of the 0/1 scores over the points that have one; null when none has (an average over nothing is absent, not 0). */
export function averageOfPoints(points: readonly PointVerdict[]): number | null {
  const scored = points.filter((p) => p.score !== null);
  return scored.length === 0 ? null : scored.reduce((s, p) => s + p.score!, 0) / scored.length;
}

/** Share of the points the judge could verify (scored 0 or 1). */
export function verifiedShareOf(points: readonly PointVerdict[]): number {
  return points.length === 0 ? 0 : points.filter((p) => p.score !== null).length / points.length;
}

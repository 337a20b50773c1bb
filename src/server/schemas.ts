import { z } from 'zod';
import {
  AppliedRuleSchema,
  PointVerdictSchema,
  PrincipleListSchema,
  principleListOf,
  PrincipleSchema,
  type JsonPath,
} from '../core/index.js';

/**
 * The reward service's wire format: JSON in, JSON out, validated by these schemas at the door (and
 * the OpenAPI document at /openapi.json is generated from them). Images are data URLs, bare base64,
 * or http(s) URLs from hosts on the server's allow-list (none by default).
 */
export const ImageRefSchema = z.string().min(1, 'an image is a data URL, base64, or an allowed http(s) URL');

/**
 * Where the request bodies below hold images: `source` (decompose), and each item's `source` and
 * `edited[j]` (rewards). The server reads the long data URLs found there from the body's bytes.
 */
export function isImagePosition(path: JsonPath): boolean {
  const [first, index, field, edit] = path;
  if (path.length === 1) return first === 'source';
  if (first !== 'items' || typeof index !== 'number') return false;
  if (path.length === 3) return field === 'source';
  return path.length === 4 && field === 'edited' && typeof edit === 'number';
}

/**
 * Text the server passes on to the VLM is bounded, so that a request cannot make the prompt as long as
 * the body allows: edit instructions run to a few hundred characters, an instruction's principles to
 * about a dozen short questions (the paper's decompositions); these allow many times that.
 */
export const TEXT_LIMITS = { instructionChars: 4000, principles: 64, questionChars: 1000, labelChars: 256 };

const InstructionSchema = z
  .string()
  .trim()
  .min(1, 'the instruction is empty')
  .max(TEXT_LIMITS.instructionChars, `an instruction has at most ${TEXT_LIMITS.instructionChars} characters`);

/** A request's own principles: a principle list (as PrincipleListSchema), within the text limits. */
const RequestPrinciplesSchema = principleListOf(
  PrincipleSchema.extend({
    question: PrincipleSchema.shape.question.max(
      TEXT_LIMITS.questionChars,
      `a question has at most ${TEXT_LIMITS.questionChars} characters`,
    ),
  }),
).max(TEXT_LIMITS.principles, `give at most ${TEXT_LIMITS.principles} principles`);

const LabelSchema = z
  .string()
  .min(1)
  .max(TEXT_LIMITS.labelChars, `at most ${TEXT_LIMITS.labelChars} characters`);

export const RewardItemSchema = z.strictObject({
  /** Echoed in the result; the item's index when absent. */
  id: LabelSchema.optional(),
  source: ImageRefSchema,
  /** A GRPO group: every edit of one (source, instruction). */
  edited: z.array(ImageRefSchema).min(1, 'give at least one edited image'),
  instruction: InstructionSchema,
  principles: RequestPrinciplesSchema.optional(),
  category: LabelSchema.optional(),
});
export type RewardItem = z.infer<typeof RewardItemSchema>;

export const RewardsRequestSchema = z.strictObject({
  items: z.array(RewardItemSchema).min(1, 'give at least one item'),
  /** Judgements per edit; the reward is from their mean (Avg@N). */
  samples: z.int().min(1).max(32).optional(),
  seed: z.int().optional(),
});
export type RewardsRequest = z.infer<typeof RewardsRequestSchema>;

export const RewardSchema = z.object({
  finalScore: z.number().min(0).max(10),
  /** finalScore / 10: what an RL trainer adds to its advantages. */
  reward: z.number().min(0).max(1),
  averageScore: z.number().nullable(),
  points: z.array(PointVerdictSchema),
  rulesApplied: z.array(AppliedRuleSchema),
  /** With samples > 1: every parsed sample's final score, and how many replies could not be parsed. */
  samples: z.object({ scores: z.array(z.number()), failed: z.int().min(0) }).optional(),
});
export type Reward = z.infer<typeof RewardSchema>;

export const RewardsResponseSchema = z.object({
  results: z.array(z.object({ id: z.string(), rewards: z.array(RewardSchema) })),
});
export type RewardsResponse = z.infer<typeof RewardsResponseSchema>;

export const DecomposeRequestSchema = z.strictObject({
  source: ImageRefSchema,
  instruction: InstructionSchema,
});
export const DecomposeResponseSchema = z.object({ principles: PrincipleListSchema });

/** Every error the service returns, with no stack trace. */
export const ErrorBodySchema = z.object({
  error: z.object({
    /** bad_request, unauthorized, forbidden, payload_too_large, too_many_requests, deadline_exceeded, backend_error, parse_error, internal. */
    type: z.string(),
    message: z.string(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

import { z } from 'zod';
import { PrincipleSchema, PrincipleListSchema } from './principle.js';
import { PointVerdictSchema, VerdictSchema } from './verdict.js';

/** JSON Schema (draft 2020-12) of the public shapes, generated from the zod schemas so the two never drift. */
export function jsonSchemas(): Record<string, unknown> {
  const io = { io: 'input' as const, unrepresentable: 'any' as const };
  return {
    Principle: z.toJSONSchema(PrincipleSchema, io),
    PrincipleList: z.toJSONSchema(PrincipleListSchema, io),
    PointVerdict: z.toJSONSchema(PointVerdictSchema, io),
    Verdict: z.toJSONSchema(VerdictSchema, io),
  };
}

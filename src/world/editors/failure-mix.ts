import { UsageError, type Rng } from '../../core/index.js';
import { FAILURE_MODES, type FailureMode } from '../types.js';

/**
 * How often each kind of candidate shows up, roughly as in the outputs of today's instruction
 * editors on benchmark prompts (EditReward-Bench / GEdit style):
 * - perfect 0.22: good editors get simple object edits right about a fifth to a quarter of the time
 *   per sample, once small defects are counted;
 * - partial 0.14: the most common miss: the right idea, not all the way (a nearby shade, half a move);
 * - artifact 0.12: blur, noise, JPEG blocks and colour casts are frequent in diffusion outputs;
 * - over-edit 0.10 and hallucination 0.08: editors regenerate more than asked, or invent objects;
 * - leakage 0.08 and wrong-target 0.07: attribute binding errors ("the red one" vs "the blue one");
 * - no-op 0.07: the editor returns (nearly) the input, common on spatial and text asks;
 * - insufficient-move 0.06: spatial edits often move a little, not clearly;
 * - white-border 0.06: padding or frames from outpainting-style pipelines.
 * Sums to 1; any non-negative weights are accepted (normalised when drawn).
 */
export const DEFAULT_FAILURE_MIX: Record<FailureMode, number> = {
  perfect: 0.22,
  partial: 0.14,
  artifact: 0.12,
  'over-edit': 0.1,
  leakage: 0.08,
  hallucination: 0.08,
  'wrong-target': 0.07,
  'no-op': 0.07,
  'insufficient-move': 0.06,
  'white-border': 0.06,
};

/** Throws a UsageError naming the mode when a weight is missing, negative or not a number, or all are 0. */
export function validateFailureMix(mix: Record<string, unknown>, field = 'mix'): Record<FailureMode, number> {
  for (const key of Object.keys(mix)) {
    if (!(FAILURE_MODES as readonly string[]).includes(key)) {
      throw new UsageError(`${field}: unknown failure mode "${key}"; use ${FAILURE_MODES.join(', ')}`);
    }
  }
  for (const mode of FAILURE_MODES) {
    const w = mix[mode];
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 0) {
      throw new UsageError(`${field}.${mode} must be a number >= 0; got ${JSON.stringify(w)}`);
    }
  }
  if (FAILURE_MODES.every((m) => mix[m] === 0))
    throw new UsageError(`${field}: at least one weight must be > 0`);
  return mix as Record<FailureMode, number>;
}

/** A failure mode drawn with probability proportional to its weight. */
export function drawFailure(mix: Record<FailureMode, number>, rng: Rng): FailureMode {
  const valid = validateFailureMix(mix);
  const total = FAILURE_MODES.reduce((s, m) => s + valid[m], 0);
  let u = rng.next() * total;
  for (const mode of FAILURE_MODES) {
    u -= valid[mode];
    if (u < 0) return mode;
  }
  return FAILURE_MODES.findLast((m) => valid[m] > 0)!;
}

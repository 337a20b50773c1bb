import { UsageError, type Decomposer, type Principle } from '../core/index.js';
import { classifyInstruction } from './classify-instruction.js';
import { RULE_WRITERS } from './rule-principles.js';

/**
 * Ten principles for an instruction from templates alone: no model, no image, the same output for the
 * same instruction. Principles that pixels or OCR can answer carry a `check`.
 */
export function decomposeByRules(instruction: string): Principle[] {
  if (instruction.trim() === '')
    throw new UsageError('The instruction is empty; give the edit instruction to decompose.');
  const analysis = classifyInstruction(instruction);
  return RULE_WRITERS[analysis.kind](analysis);
}

/** The rule decomposer behind the Decomposer contract. It never looks at the source image. */
export function createRuleDecomposer(): Decomposer {
  return {
    id: 'rule',
    async decompose(input) {
      return decomposeByRules(input.instruction);
    },
  };
}

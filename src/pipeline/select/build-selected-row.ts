import { UsageError } from '../../core/index.js';
import type { GoldLabel, SelectedRow, TracePayload, TraceResult, VerifyPayload } from '../types.js';
import type { Selection } from './select-trace.js';

/** The category a row without one is counted under in the dataset card. */
export const UNCATEGORIZED = 'uncategorized';

export interface SelectedRowParts {
  verify: VerifyPayload;
  gold: readonly GoldLabel[];
  selection: Selection;
  /** The kept trace's unit: its payload (pool member, model, prompt) and its result. */
  tracePayload: TracePayload;
  trace: TraceResult;
}

/** The export row for one quadruple: its images, instruction, principles and gold, and the kept trace. */
export function buildSelectedRow(parts: SelectedRowParts): SelectedRow {
  const { verify, gold, selection, tracePayload, trace } = parts;
  if (tracePayload.quadrupleId !== verify.quadrupleId) {
    throw new UsageError(
      `the kept trace belongs to quadruple ${tracePayload.quadrupleId}, not ${verify.quadrupleId}`,
    );
  }
  if (gold.length !== verify.principles.length) {
    throw new UsageError(`${gold.length} gold labels for ${verify.principles.length} principles`);
  }
  return {
    quadrupleId: verify.quadrupleId,
    inputId: verify.inputId,
    category: tracePayload.category ?? UNCATEGORIZED,
    instruction: verify.instruction,
    source: verify.source,
    edited: verify.edited,
    principles: verify.principles,
    gold: [...gold],
    trace: trace.trace,
    finalScore: trace.finalScore,
    averageScore: trace.averageScore,
    member: tracePayload.member,
    model: tracePayload.model,
    promptVariant: tracePayload.promptVariant,
    accuracy: selection.accuracy,
    traceAccuracies: selection.accuracies,
  };
}

import type { Check, CheckKind, PointVerdict, Principle } from '../../core/index.js';
import { needsVlm, type CheckContext, type CheckEvaluator, type CheckResult } from './check-result.js';
import {
  evaluateChanged,
  evaluateChangeLocalized,
  evaluateChangeWidespread,
  evaluateNoBorder,
  evaluateNotOversaturated,
  evaluateSameAspect,
} from './pixel-checks.js';
import {
  evaluateBackgroundColor,
  evaluateBackgroundKept,
  evaluateObjectAbsent,
  evaluateObjectBecomes,
  evaluateObjectCount,
  evaluateObjectMoved,
  evaluateObjectPresent,
  evaluateObjectResized,
  evaluateObjectsKept,
} from './scene-checks.js';
import { evaluateNoArtifacts, evaluateNoColorCast } from './quality-checks.js';
import { evaluateSignKept, evaluateSignText } from './sign-checks.js';
import { evaluateTextAbsent, evaluateTextPresent } from './text-checks.js';
import { evaluateGrayscale, evaluateTone } from './tone-checks.js';

/**
 * One row per check kind this judge can evaluate. Partial on purpose: a kind added to core/check.ts
 * later has no row until someone writes its evaluator, and until then it is answered "needs a VLM".
 */
export const CHECK_EVALUATORS: { readonly [K in CheckKind]?: CheckEvaluator<K> } = {
  changed: evaluateChanged,
  'change-localized': evaluateChangeLocalized,
  'change-widespread': evaluateChangeWidespread,
  tone: evaluateTone,
  grayscale: evaluateGrayscale,
  'text-present': evaluateTextPresent,
  'text-absent': evaluateTextAbsent,
  'no-border': evaluateNoBorder,
  'same-aspect': evaluateSameAspect,
  'not-oversaturated': evaluateNotOversaturated,
  'sign-text': evaluateSignText,
  'sign-kept': evaluateSignKept,
  'no-artifacts': evaluateNoArtifacts,
  'no-color-cast': evaluateNoColorCast,
  'object-becomes': evaluateObjectBecomes,
  'object-present': evaluateObjectPresent,
  'object-absent': evaluateObjectAbsent,
  'object-count': evaluateObjectCount,
  'object-moved': evaluateObjectMoved,
  'object-resized': evaluateObjectResized,
  'objects-kept': evaluateObjectsKept,
  'background-color': evaluateBackgroundColor,
  'background-kept': evaluateBackgroundKept,
};

export async function evaluateCheck(check: Check, context: CheckContext): Promise<CheckResult> {
  const evaluator = CHECK_EVALUATORS[check.kind] as CheckEvaluator<typeof check.kind> | undefined;
  if (!evaluator) return needsVlm(`the embedded judge has no evaluator for a '${check.kind}' check`);
  return evaluator(check, context);
}

/** A principle's point, and what its check found beyond pass or fail (CheckResult). */
export interface EvaluatedPrinciple {
  point: PointVerdict;
  result: CheckResult;
}

/** A principle without a check is a question about meaning (what, where, whether it looks right). */
export async function evaluatePrinciple(
  principle: Principle,
  context: CheckContext,
): Promise<EvaluatedPrinciple> {
  const { question, category, check } = principle;
  const result = check
    ? await evaluateCheck(check, context)
    : needsVlm('no machine-checkable form; answering it takes looking at the picture');
  return { point: { question, category, score: result.score, reason: result.reason }, result };
}

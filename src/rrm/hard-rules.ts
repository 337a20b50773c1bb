import { asksForBorder, type AppliedRule } from '../core/index.js';
import type { HardRuleFacts } from '../images/index.js';

export interface HardRuleOutcome<S extends number | null> {
  /** 0 when a rule fired; otherwise the judge's own score, unchanged (null stays null: no score is invented). */
  finalScore: S | 0;
  rulesApplied: AppliedRule[];
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

/**
 * The rules PAPER.md section 2 states as absolute, enforced in code whatever a judge said:
 * an edit nearly identical to its source scores 0; an added white border scores 0.
 * `score` is the judge's own final score, or null when it had none.
 */
export function applyHardRules<S extends number | null>(
  facts: HardRuleFacts,
  score: S,
  instruction: string,
): HardRuleOutcome<S> {
  const rulesApplied: AppliedRule[] = [];
  if (facts.nearIdentical) {
    rulesApplied.push({
      rule: 'near-identical',
      reason: `the edit is nearly identical to the source (mean absolute difference ${(facts.meanAbsDiff * 255).toFixed(2)}/255, ${pct(facts.changedShare)} of the frame changed)`,
      scoreBefore: score,
    });
  }
  const { border } = facts;
  // A null border: no side could hold a near-white band (see HardRuleFacts).
  if (border?.kind === 'white' && border.added && !asksForBorder(instruction)) {
    const { top, right, bottom, left } = border.sides;
    rulesApplied.push({
      rule: 'white-border',
      reason: `the edit adds a white border (top ${pct(top)}, right ${pct(right)}, bottom ${pct(bottom)}, left ${pct(left)} of the frame)`,
      scoreBefore: score,
    });
  }
  return { finalScore: rulesApplied.length > 0 ? 0 : score, rulesApplied };
}

import type { BorderReport } from '../../images/index.js';
import { decide, fmt, pct, type CheckEvaluator } from './check-result.js';

/**
 * Least share of the frame that must change for an edit to count as "changed", on top of images/'s
 * near-identical flag (which also passes an edit that only shifted fine texture while no region's
 * colour moved). 0.3% is about one cell of images/'s 16 x 16 change grid (0.39%): one visibly changed
 * patch, some 60 x 60 px of a 1024 px image, is enough, since a small added object covers no more.
 */
export const CHANGED_SHARE_FLOOR = 0.003;

export const evaluateChanged: CheckEvaluator<'changed'> = (_check, { facts }) => {
  const measured = `${pct(facts.changedShare)} of the frame changed (needed >= ${pct(CHANGED_SHARE_FLOOR)}), mean absolute difference ${fmt(facts.meanAbsDiff)}, SSIM ${fmt(facts.ssim)}`;
  if (facts.nearIdentical) return decide(false, `the edit is nearly identical to the source: ${measured}`);
  return decide(facts.changedShare >= CHANGED_SHARE_FLOOR, measured);
};

function describeBox(bbox: { x0: number; y0: number; x1: number; y1: number } | null): string {
  if (bbox === null) return 'no changed region';
  return `changed region x ${pct(bbox.x0)}-${pct(bbox.x1)}, y ${pct(bbox.y0)}-${pct(bbox.y1)} of the frame`;
}

export const evaluateChangeLocalized: CheckEvaluator<'change-localized'> = (check, { facts }) =>
  decide(
    facts.changedShare <= check.maxChangedShare,
    `${pct(facts.changedShare)} of the frame changed (allowed <= ${pct(check.maxChangedShare)}); ${describeBox(facts.changeMap.bbox)}`,
  );

export const evaluateChangeWidespread: CheckEvaluator<'change-widespread'> = (check, { facts }) =>
  decide(
    facts.changedShare >= check.minChangedShare,
    `${pct(facts.changedShare)} of the frame changed (needed >= ${pct(check.minChangedShare)})`,
  );

function describeBands(border: BorderReport): string {
  const { top, right, bottom, left } = border.sides;
  return `top ${pct(top)}, right ${pct(right)}, bottom ${pct(bottom)}, left ${pct(left)}`;
}

/**
 * A border the source already had is not the editor's doing, so only an added band fails: a white one,
 * or an even frame of any colour. An uneven flat band is where a plain part of the scene now reaches
 * the edge (a plain wall after a removal, a repainted backdrop), which is content, not a border.
 */
export const evaluateNoBorder: CheckEvaluator<'no-border'> = (_check, { facts }) => {
  const { border } = facts;
  if (border.kind === 'none') return decide(true, 'no uniform band on any side of the edited image');
  if (!border.added) {
    return decide(
      true,
      `a ${border.kind} band (${describeBands(border)}) is present but the source has it too`,
    );
  }
  if (border.kind === 'flat' && !border.frame) {
    return decide(
      true,
      `a flat band appeared (${describeBands(border)}) but it is uneven, a plain part of the scene rather than a frame`,
    );
  }
  return decide(
    false,
    `the edit adds a ${border.kind} ${border.frame ? 'frame' : 'border'} (${describeBands(border)})`,
  );
};

/** Relative difference of the two width/height ratios, so the tolerance means the same for any frame. */
export const evaluateSameAspect: CheckEvaluator<'same-aspect'> = (check, { facts }) => {
  const drift = Math.abs(facts.editedAspect - facts.sourceAspect) / facts.sourceAspect;
  return decide(
    drift <= check.tolerance,
    `aspect ratio ${fmt(facts.sourceAspect)} -> ${fmt(facts.editedAspect)}, a relative change of ${pct(drift)} (allowed <= ${pct(check.tolerance)})`,
  );
};

export const evaluateNotOversaturated: CheckEvaluator<'not-oversaturated'> = (check, { facts }) => {
  const share = facts.editedTone.clippedSaturationShare;
  const verdict = decide(
    share <= check.maxClippedShare,
    `${pct(share)} of the edited pixels sit at clipped saturation (allowed <= ${pct(check.maxClippedShare)}; source ${pct(facts.sourceTone.clippedSaturationShare)})`,
  );
  // Blown-out colour spoils the whole picture about as much as a moderate blur.
  return verdict.score === 0 ? { ...verdict, artifactSeverity: OVERSATURATION_SEVERITY } : verdict;
};
export const OVERSATURATION_SEVERITY = 0.6;

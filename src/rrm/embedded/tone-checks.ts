import { decide, fmt, type CheckEvaluator } from './check-result.js';

/**
 * The signed move of one ToneStats attribute, edited minus source, in the direction asked for.
 * Brightness, contrast and saturation are on 0-1; warmth is on -1..1 and its delta is used as is,
 * so minDelta means "this much of the attribute's unit" for all four.
 */
export const evaluateTone: CheckEvaluator<'tone'> = (check, { facts }) => {
  const before = facts.sourceTone[check.attribute];
  const after = facts.editedTone[check.attribute];
  const delta = after - before;
  const moved = check.direction === 'increase' ? delta : -delta;
  const verb = delta >= 0 ? 'rose' : 'fell';
  const wanted = check.direction === 'increase' ? 'a rise' : 'a fall';
  return decide(
    moved >= check.minDelta,
    `${check.attribute} ${verb} ${fmt(Math.abs(delta))} (${fmt(before)} -> ${fmt(after)}; needed ${wanted} of >= ${fmt(check.minDelta)})`,
  );
};

/** images/ decides greyscale from the mean chroma (max - min channel), which JPEG noise on grey stays under. */
export const evaluateGrayscale: CheckEvaluator<'grayscale'> = (_check, { facts }) => {
  const { editedTone, sourceTone } = facts;
  const saturation = `mean saturation ${fmt(editedTone.saturation)}, source ${fmt(sourceTone.saturation)}`;
  return editedTone.grayscale
    ? decide(
        true,
        `the edited image has almost no colour (mean chroma under the greyscale limit); ${saturation}`,
      )
    : decide(false, `the edited image keeps colour (mean chroma over the greyscale limit); ${saturation}`);
};

import { decide, fmt, needsVlm, type CheckEvaluator } from './check-result.js';
import type { ParsedScene, ParsedSign } from './scene/types.js';

/** How far a kept sign may sit from the source's, as a share of the image's shorter side. */
export const SIGN_KEPT_SHIFT = 0.05;

/** What the reader could not make out: a check that would hinge on it asks a VLM instead of guessing. */
const UNREAD = '?';

export const evaluateSignText: CheckEvaluator<'sign-text'> = async (check, { readScene }) => {
  const { sign } = await readScene('edited');
  if (sign === null) return decide(false, `no sign found in the edited image (wanted "${check.text}")`);
  if (sign.text.includes(UNREAD)) {
    return needsVlm(`the edited sign reads "${sign.text}", with characters too small or damaged to read`);
  }
  return decide(sign.text === check.text, `the edited sign reads "${sign.text}" (wanted "${check.text}")`);
};

/**
 * Same text and same place as the source's sign, or no sign in either. Whether a sign is there and
 * where does not depend on reading it, so those fail even when the text is unreadable.
 */
export const evaluateSignKept: CheckEvaluator<'sign-kept'> = async (_check, { readScene }) => {
  const [source, edited] = await Promise.all([readScene('source'), readScene('edited')]);
  if (source.sign === null && edited.sign === null) return decide(true, 'no sign in either image');
  if (source.sign === null) return decide(false, `the edit adds a sign reading "${edited.sign!.text}"`);
  if (edited.sign === null) return decide(false, `the edit removes the source's sign "${source.sign.text}"`);
  const shift = signShift(source, source.sign, edited, edited.sign);
  const where = `moved ${fmt(shift)} of the side (allowed <= ${fmt(SIGN_KEPT_SHIFT)})`;
  if (shift > SIGN_KEPT_SHIFT) return decide(false, `the sign ${where}`);
  const texts = `the source's sign reads "${source.sign.text}", the edited one "${edited.sign.text}"`;
  if (source.sign.text.includes(UNREAD) || edited.sign.text.includes(UNREAD)) {
    return needsVlm(`${texts}; some characters could not be read (sign ${where})`);
  }
  return decide(source.sign.text === edited.sign.text, `${texts}; sign ${where}`);
};

/** Distance between the two signs' centres, in shares of each image's shorter side. */
function signShift(source: ParsedScene, a: ParsedSign, edited: ParsedScene, b: ParsedSign): number {
  const side = (scene: ParsedScene): number => Math.min(scene.width, scene.height);
  const dx = (a.x * source.width) / side(source) - (b.x * edited.width) / side(edited);
  const dy = (a.y * source.height) / side(source) - (b.y * edited.height) / side(edited);
  return Math.hypot(dx, dy);
}

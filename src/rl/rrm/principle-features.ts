import { CATEGORIES, type Check, type CheckKind, type ObjectRef, type Principle } from '../../core/index.js';
import type { PixelFacts } from '../../images/index.js';
import { keptShares, refCounts, tracked, type ScenePair } from './scene-evidence.js';

/** Column of each check kind in the one-hot; a Record so a new kind in core fails to compile here. */
const KIND_INDEX: Record<CheckKind, number> = {
  changed: 0,
  'change-localized': 1,
  'change-widespread': 2,
  tone: 3,
  grayscale: 4,
  'text-present': 5,
  'text-absent': 6,
  'no-border': 7,
  'same-aspect': 8,
  'not-oversaturated': 9,
  'object-becomes': 10,
  'object-present': 11,
  'object-absent': 12,
  'object-count': 13,
  'object-moved': 14,
  'object-resized': 15,
  'objects-kept': 16,
  'background-color': 17,
  'background-kept': 18,
  'sign-text': 19,
  'sign-kept': 20,
  'no-artifacts': 21,
  'no-color-cast': 22,
};
/** Kinds, plus one column for a principle without a check. */
const KINDS = Object.keys(KIND_INDEX).length + 1;
const EVIDENCE = 20;
export const POINT_FEATURES = CATEGORIES.length + KINDS + EVIDENCE;

const clamp = (v: number, lo = -3, hi = 3): number =>
  Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 0;
const bit = (b: boolean): number => (b ? 1 : 0);

function targetOf(check: Check): ObjectRef | null {
  return 'target' in check ? check.target : null;
}

/**
 * One principle's features: its category and check kind one-hot, then evidence slots about what its
 * check names, measured on the parsed scenes and pixel facts: whether the named object is there before
 * and after, which of its attributes changed, how far it moved or grew along the asked direction, how
 * much of the rest was kept, and the one measurement the check's kind turns on. No slot is the check's
 * verdict: thresholds are the policy's to learn (each measure is given relative to the check's own).
 */
export function principleFeatures(principle: Principle, scenes: ScenePair, facts: PixelFacts): number[] {
  const row = new Array<number>(POINT_FEATURES).fill(0);
  row[CATEGORIES.indexOf(principle.category)] = 1;
  const check = principle.check;
  const kindAt = CATEGORIES.length;
  row[kindAt + (check ? KIND_INDEX[check.kind] : KINDS - 1)] = 1;
  if (!check) return row;
  const e = new Array<number>(EVIDENCE).fill(0);
  const ref = targetOf(check);
  if (ref) {
    e[0] = bit(ref.shape !== undefined);
    e[1] = bit(ref.color !== undefined);
    e[2] = bit(ref.pattern !== undefined);
    const counts = refCounts(scenes, ref);
    e[3] = counts.source / 4;
    e[4] = counts.edited / 4;
    const t = tracked(scenes, ref);
    e[5] = bit(t !== null);
    e[6] = bit(t !== null && t.after === null);
    if (t?.after) {
      const { before, after } = t;
      e[7] = bit(after.shape !== before.shape);
      e[8] = bit(after.color !== before.color);
      e[9] = bit(after.pattern !== before.pattern);
      e[10] = clamp(Math.hypot(after.x - before.x, after.y - before.y) * 5);
      e[11] = clamp(Math.log(after.size / before.size) * 3);
      if (check.kind === 'object-moved') {
        const along = {
          left: before.x - after.x,
          right: after.x - before.x,
          up: before.y - after.y,
          down: after.y - before.y,
        };
        e[10] = clamp(along[check.direction] / check.minShift);
      }
      if (check.kind === 'object-resized') {
        const ratio = Math.log(after.size / before.size) / Math.log(check.minRatio);
        e[11] = clamp(check.direction === 'larger' ? ratio : -ratio);
      }
      if (check.kind === 'object-becomes') {
        const b = check.becomes;
        e[12] = bit(
          (b.shape === undefined || b.shape === after.shape) &&
            (b.color === undefined || b.color === after.color) &&
            (b.pattern === undefined || b.pattern === after.pattern),
        );
      }
    }
    if (check.kind === 'object-becomes') e[13] = refCounts(scenes, check.becomes).edited / 4;
    if (check.kind === 'object-count') e[13] = clamp(counts.edited - check.count, -4, 4) / 4;
  }
  const signText = scenes.edited.sign?.text ?? '';
  const toneDelta = (a: 'brightness' | 'contrast' | 'saturation' | 'warmth') =>
    facts.editedTone[a] - facts.sourceTone[a];
  switch (check.kind) {
    case 'objects-kept': {
      const k = keptShares(scenes, check.except);
      e[14] = Math.min(k.kept, ...check.aspects.map((a) => k[a]));
      e[15] = k.added / 4;
      break;
    }
    case 'background-color':
      e[16] = bit(scenes.edited.background.color === check.color);
      break;
    case 'background-kept':
      e[16] = bit(scenes.edited.background.color === scenes.source.background.color);
      break;
    case 'sign-text':
      e[18] = bit(signText === check.text);
      break;
    case 'sign-kept': {
      const [s, d] = [scenes.source.sign, scenes.edited.sign];
      e[18] = bit(
        s === null ? d === null : d !== null && d.text === s.text && Math.hypot(d.x - s.x, d.y - s.y) <= 0.05,
      );
      break;
    }
    case 'text-present':
    case 'text-absent':
      e[18] = bit(signText.includes(check.text.toUpperCase()));
      break;
    case 'tone':
      e[19] = clamp(
        ((check.direction === 'increase' ? 1 : -1) * toneDelta(check.attribute)) / check.minDelta,
      );
      break;
    case 'grayscale':
      e[19] = bit(facts.editedTone.grayscale);
      break;
    case 'not-oversaturated':
      e[19] = clamp(facts.editedTone.clippedSaturationShare / check.maxClippedShare);
      break;
    case 'change-localized':
      e[19] = clamp(facts.changedShare / check.maxChangedShare);
      break;
    case 'change-widespread':
      e[19] = clamp(facts.changedShare / check.minChangedShare);
      break;
    case 'changed':
      e[19] = bit(!facts.nearIdentical);
      break;
    case 'no-border':
      e[19] = bit(facts.border.added);
      break;
    case 'same-aspect':
      e[19] = clamp(Math.abs(facts.editedAspect / facts.sourceAspect - 1) / check.tolerance);
      break;
    case 'no-artifacts':
      e[19] = clamp((1 - facts.ssim) * 10);
      break;
    case 'no-color-cast':
      e[19] = clamp(toneDelta('warmth') * 10);
      break;
    default:
      break;
  }
  e.forEach((v, i) => (row[kindAt + KINDS + i] = v));
  return row;
}

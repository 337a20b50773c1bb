import type { PixelFacts } from '../../images/index.js';
import type { ScenePair } from './scene-evidence.js';

/** The change map pooled to POOL x POOL cells: where the edit changed the image, coarsely. */
const POOL = 4;
export const RRM_GLOBAL_FEATURES = 14 + POOL * POOL + 11;

const clamp = (v: number, lo = -3, hi = 3): number =>
  Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : 0;
const bit = (b: boolean): number => (b ? 1 : 0);

function pooledChangeMap(facts: PixelFacts): number[] {
  const { cols, rows, cells } = facts.changeMap;
  const sums = new Array<number>(POOL * POOL).fill(0);
  const counts = new Array<number>(POOL * POOL).fill(0);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const k = Math.floor((r * POOL) / rows) * POOL + Math.floor((c * POOL) / cols);
      sums[k]! += cells[r * cols + c]!;
      counts[k]!++;
    }
  }
  return sums.map((s, k) => clamp((counts[k]! === 0 ? 0 : s / counts[k]!) * 10));
}

/**
 * Features of the edit as a whole: pixel differences (mean change, SSIM, changed share, near-copy,
 * added borders), tone shifts, the pooled change map, and the parsed scenes' object bookkeeping
 * (how many objects, how many kept a counterpart, how far they moved, what appeared).
 */
export function globalFeatures(scenes: ScenePair, facts: PixelFacts): number[] {
  const { source, edited, counterpart } = scenes;
  const sides = facts.border.sides;
  const tone = (a: 'brightness' | 'contrast' | 'saturation' | 'warmth') =>
    clamp((facts.editedTone[a] - facts.sourceTone[a]) * 5);
  const pixel = [
    clamp(facts.meanAbsDiff * 10),
    facts.ssim,
    facts.changedShare,
    bit(facts.nearIdentical),
    bit(facts.border.added && facts.border.kind === 'white'),
    bit(facts.border.added && facts.border.kind === 'flat'),
    clamp(Math.max(sides.top, sides.right, sides.bottom, sides.left) * 10),
    tone('brightness'),
    tone('contrast'),
    tone('saturation'),
    tone('warmth'),
    clamp(facts.editedTone.clippedSaturationShare * 10),
    bit(facts.editedTone.grayscale),
    bit(facts.sourceTone.grayscale),
  ];
  const pairs = counterpart.flatMap((j, i) =>
    j < 0 ? [] : [[source.objects[i]!, edited.objects[j]!] as const],
  );
  const shifts = pairs.map(([a, b]) => Math.hypot(a.x - b.x, a.y - b.y));
  const restyled = pairs.filter(
    ([a, b]) => a.shape !== b.shape || a.color !== b.color || a.pattern !== b.pattern,
  );
  const scene = [
    source.objects.length / 8,
    edited.objects.length / 8,
    bit(source.background.color === edited.background.color),
    bit(source.sign !== null),
    bit(edited.sign !== null),
    bit((source.sign?.text ?? null) === (edited.sign?.text ?? null)),
    source.objects.length === 0 ? 1 : pairs.length / source.objects.length,
    (edited.objects.length - pairs.length) / 4,
    clamp((shifts.reduce((s, v) => s + v, 0) / Math.max(1, shifts.length)) * 5),
    clamp(Math.max(0, ...shifts) * 5),
    restyled.length / 4,
  ];
  return [...pixel, ...pooledChangeMap(facts), ...scene];
}

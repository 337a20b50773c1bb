import type { ParsedObject } from './types.js';

/** Cost of leaving a source object unpaired: pairing it further away than this is no better than "gone". */
export const UNPAIRED_COST = 0.3;
/** Size difference (share of the side) weighs this much against distance: it only breaks near-ties. */
const SIZE_WEIGHT = 0.25;
/** Above this many candidates the exact search (2^n states) is too slow; pairs are then mutual nearest. */
const MAX_EXACT = 14;

const cost = (a: ParsedObject, b: ParsedObject): number =>
  Math.hypot(a.x - b.x, a.y - b.y) + SIZE_WEIGHT * Math.abs(a.size - b.size);

/**
 * Pairs each `from` object with at most one `to` object so that the summed distance (plus a little
 * for size) is least, where leaving an object unpaired costs UNPAIRED_COST. Greedy nearest-first
 * pairing can take an object's counterpart for a neighbour that had a worse but still close
 * alternative; the exact assignment cannot. Returns, per `from` index, the `to` index or -1.
 */
export function matchObjects(from: readonly ParsedObject[], to: readonly ParsedObject[]): number[] {
  if (to.length > MAX_EXACT) return mutualNearest(from, to);
  const m = to.length;
  const states = 1 << m;
  // best[i][used]: least cost of pairing from[i..] given the `to` objects in `used` are taken.
  const best = Array.from({ length: from.length + 1 }, () => new Float64Array(states));
  const choice = Array.from({ length: from.length }, () => new Int8Array(states));
  for (let i = from.length - 1; i >= 0; i--) {
    for (let used = 0; used < states; used++) {
      let least = UNPAIRED_COST + best[i + 1]![used]!;
      let pick = -1;
      for (let j = 0; j < m; j++) {
        if (used & (1 << j)) continue;
        const c = cost(from[i]!, to[j]!) + best[i + 1]![used | (1 << j)]!;
        if (c < least) [least, pick] = [c, j];
      }
      best[i]![used] = least;
      choice[i]![used] = pick;
    }
  }
  const pairs: number[] = [];
  let used = 0;
  for (let i = 0; i < from.length; i++) {
    const j = choice[i]![used]!;
    pairs.push(j);
    if (j >= 0) used |= 1 << j;
  }
  return pairs;
}

/** Pairs made repeatedly from the closest remaining (from, to) pair within UNPAIRED_COST. */
function mutualNearest(from: readonly ParsedObject[], to: readonly ParsedObject[]): number[] {
  const pairs = from.map(() => -1);
  const taken = new Set<number>();
  for (;;) {
    let bestCost = UNPAIRED_COST;
    let bi = -1;
    let bj = -1;
    from.forEach((a, i) => {
      if (pairs[i] !== -1) return;
      to.forEach((b, j) => {
        if (!taken.has(j) && cost(a, b) < bestCost) [bestCost, bi, bj] = [cost(a, b), i, j];
      });
    });
    if (bi < 0) return pairs;
    pairs[bi] = bj;
    taken.add(bj);
  }
}

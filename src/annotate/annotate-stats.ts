import { goodSameBad, type GsbResult } from '../bench/index.js';
import { createRng, PREFERENCES, type Preference } from '../core/index.js';
import { cohenKappa, contingencyTable } from './cohen-kappa.js';
import { fleissKappa } from './fleiss-kappa.js';
import type { LabelStore } from './label-store.js';
import { majorityPreference } from './majority-preference.js';
import type { AnnotateMode } from './types.js';

export interface AnnotatorStats {
  annotator: string;
  labels: number;
  assigned: number;
  /** Time per label (elapsedMs as the page measured it); null with no labels. */
  medianMs: number | null;
  meanMs: number | null;
}

/** Cohen's kappa of two annotators over the pairs both labelled (categories a, b, same). */
export interface PairKappa {
  annotators: [string, string];
  shared: number;
  /** Share of shared pairs labelled alike; null when none are shared. */
  agreement: number | null;
  kappa: number | null;
}

/** Fleiss' kappa over the pairs with `ratersPerPair` labels: the most common count of 2 or more (ties: the larger). */
export interface FleissSummary {
  ratersPerPair: number | null;
  /** The pairs counted; pairs with another number of labels (or one) are left out. */
  pairIds: string[];
  leftOut: number;
  kappa: number | null;
}

export interface Disagreement {
  pairId: string;
  labels: Record<string, Preference>;
}

export interface AnnotateStats {
  mode: AnnotateMode;
  pairs: number;
  labels: number;
  annotators: AnnotatorStats[];
  cohen: PairKappa[];
  fleiss: FleissSummary;
  /** Pairs whose labels are not all the same, in the pairs file's order. */
  disagreements: Disagreement[];
  /** GSB mode only: each pair's majority label (a = good, b = bad), bootstrapped over pairs. */
  gsb?: GsbResult;
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The count of 2 or more seen most often among the pairs' label counts; ties go to the larger count. */
function commonRaterCount(counts: readonly number[]): number | null {
  const seen = new Map<number, number>();
  for (const n of counts) if (n >= 2) seen.set(n, (seen.get(n) ?? 0) + 1);
  let best: number | null = null;
  for (const [n, times] of seen) {
    if (best === null || times > seen.get(best)! || (times === seen.get(best)! && n > best)) best = n;
  }
  return best;
}

/** Counts, time per label, agreement and (in GSB mode) GSB with its bootstrap interval, from a labels database. */
export function annotateStats(store: LabelStore, options: { resamples?: number } = {}): AnnotateStats {
  const mode = store.meta('mode') as AnnotateMode;
  const pairs = store.pairs();
  const labels = store.labels();
  const names = store.annotators().map((a) => a.name);
  const assigned = new Map<string, number>();
  for (const { annotator } of store.assignments())
    assigned.set(annotator, (assigned.get(annotator) ?? 0) + 1);
  const byPair = new Map<string, Map<string, Preference>>(pairs.map((p) => [p.id, new Map()]));
  for (const label of labels) byPair.get(label.pairId)!.set(label.annotator, label.choice);

  const annotators = names.map((annotator): AnnotatorStats => {
    const times = labels
      .filter((l) => l.annotator === annotator)
      .map((l) => l.elapsedMs)
      .sort((x, y) => x - y);
    return {
      annotator,
      labels: times.length,
      assigned: assigned.get(annotator) ?? 0,
      medianMs: median(times),
      meanMs: times.length === 0 ? null : times.reduce((s, t) => s + t, 0) / times.length,
    };
  });

  const cohen: PairKappa[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const both: [Preference, Preference][] = [];
      for (const pairLabels of byPair.values()) {
        const first = pairLabels.get(names[i]!);
        const second = pairLabels.get(names[j]!);
        if (first !== undefined && second !== undefined) both.push([first, second]);
      }
      cohen.push({
        annotators: [names[i]!, names[j]!],
        shared: both.length,
        agreement: both.length === 0 ? null : both.filter(([x, y]) => x === y).length / both.length,
        kappa: cohenKappa(contingencyTable(PREFERENCES, both)),
      });
    }
  }

  const ratersPerPair = commonRaterCount([...byPair.values()].map((m) => m.size));
  const counted = pairs.filter((p) => byPair.get(p.id)!.size === ratersPerPair && ratersPerPair !== null);
  const fleiss: FleissSummary = {
    ratersPerPair,
    pairIds: counted.map((p) => p.id),
    leftOut: pairs.length - counted.length,
    kappa: fleissKappa(
      counted.map((p) => {
        const choices = [...byPair.get(p.id)!.values()];
        return PREFERENCES.map((c) => choices.filter((x) => x === c).length);
      }),
    ),
  };

  const disagreements = pairs
    .filter((p) => new Set(byPair.get(p.id)!.values()).size > 1)
    .map((p) => ({ pairId: p.id, labels: Object.fromEntries(byPair.get(p.id)!) }));

  const stats: AnnotateStats = {
    mode,
    pairs: pairs.length,
    labels: labels.length,
    annotators,
    cohen,
    fleiss,
    disagreements,
  };
  if (mode === 'gsb') {
    const outcomes = pairs.flatMap((p) => {
      const resolved = majorityPreference([...byPair.get(p.id)!.values()]);
      return resolved === undefined
        ? []
        : [{ test: resolved === 'a' ? 1 : 0, base: resolved === 'b' ? 1 : 0 }];
    });
    stats.gsb = goodSameBad(outcomes, {
      rng: createRng(Number(store.meta('seed') ?? 0)),
      ...(options.resamples === undefined ? {} : { resamples: options.resamples }),
    });
  }
  return stats;
}

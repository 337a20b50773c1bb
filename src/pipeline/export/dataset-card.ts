import type { SelectedRow } from '../types.js';
import { compareText } from './compare-text.js';

/** Why a quadruple is not in the export. */
export const LEFT_OUT_REASONS = ['belowMinAccuracy', 'mediaTokenInText'] as const;
export type LeftOutReason = (typeof LEFT_OUT_REASONS)[number];
export type LeftOutCounts = Record<LeftOutReason, number>;

export interface HistogramBin {
  /** Lower edge (inclusive). */
  from: number;
  /** Upper edge: exclusive, except the last bin's, which holds the top value too. */
  to: number;
  count: number;
}

export interface AccuracyBin {
  from: number;
  to: number;
  /** Quadruples whose selected trace falls in the bin, kept and left out. */
  kept: number;
  leftOut: number;
  /** Every trace of every quadruple (the trace pool's accuracy, before selection). */
  traces: number;
}

/** What the export holds and what it left out (card.json; README.md renders it). */
export interface DatasetCard {
  datasetName: string;
  format: string;
  minAccuracy: number;
  quadruples: number;
  kept: number;
  leftOut: LeftOutCounts;
  /** Share of quadruples with no trace at or above minAccuracy (all left out); null when there are none. */
  shareBelowMinAccuracy: number | null;
  /** Per category, sorted by name. */
  categories: Array<{ category: string; kept: number; leftOut: number }>;
  /** Final scores of the kept traces, bins of 1 from 0 to 10. */
  finalScores: HistogramBin[];
  /** Accuracy against gold, bins of 0.1 from 0 to 1. */
  accuracy: AccuracyBin[];
  /** Kept traces per trace-pool model and prompt variant, sorted. */
  members: Array<{ model: string; promptVariant: string; kept: number }>;
}

export interface CardInput {
  datasetName: string;
  format: string;
  minAccuracy: number;
  kept: readonly SelectedRow[];
  leftOut: ReadonlyArray<{ row: SelectedRow; reason: LeftOutReason }>;
}

/**
 * The bin a value falls in, for `bins` equal bins over [0, top]. The small allowance keeps a value that
 * floating point puts a hair under an edge (0.7 computed as 0.69999...) in the bin it belongs to; the
 * top value goes to the last bin.
 */
export function binOf(value: number, top: number, bins: number): number {
  return Math.min(bins - 1, Math.floor((value / top) * bins + 1e-9));
}

export function computeDatasetCard(input: CardInput): DatasetCard {
  const { kept, leftOut } = input;
  const quadruples = kept.length + leftOut.length;
  const leftOutCounts: LeftOutCounts = { belowMinAccuracy: 0, mediaTokenInText: 0 };
  for (const { reason } of leftOut) leftOutCounts[reason] += 1;

  const categories = new Map<string, { kept: number; leftOut: number }>();
  const categoryOf = (name: string) => {
    const entry = categories.get(name) ?? { kept: 0, leftOut: 0 };
    categories.set(name, entry);
    return entry;
  };
  for (const row of kept) categoryOf(row.category).kept += 1;
  for (const { row } of leftOut) categoryOf(row.category).leftOut += 1;

  const finalScores: HistogramBin[] = Array.from({ length: 10 }, (_, i) => ({
    from: i,
    to: i + 1,
    count: 0,
  }));
  for (const row of kept) finalScores[binOf(row.finalScore, 10, 10)]!.count += 1;

  // Edges as i/10 (not 0.1 * i, which gives 0.30000000000000004) so card.json reads cleanly.
  const accuracy: AccuracyBin[] = Array.from({ length: 10 }, (_, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    kept: 0,
    leftOut: 0,
    traces: 0,
  }));
  const countAccuracy = (row: SelectedRow, field: 'kept' | 'leftOut') => {
    accuracy[binOf(row.accuracy, 1, 10)]![field] += 1;
    for (const a of row.traceAccuracies) accuracy[binOf(a, 1, 10)]!.traces += 1;
  };
  for (const row of kept) countAccuracy(row, 'kept');
  for (const { row } of leftOut) countAccuracy(row, 'leftOut');

  const members = new Map<string, { model: string; promptVariant: string; kept: number }>();
  for (const row of kept) {
    const key = JSON.stringify([row.model, row.promptVariant]);
    const entry = members.get(key) ?? { model: row.model, promptVariant: row.promptVariant, kept: 0 };
    entry.kept += 1;
    members.set(key, entry);
  }

  return {
    datasetName: input.datasetName,
    format: input.format,
    minAccuracy: input.minAccuracy,
    quadruples,
    kept: kept.length,
    leftOut: leftOutCounts,
    shareBelowMinAccuracy: quadruples === 0 ? null : leftOutCounts.belowMinAccuracy / quadruples,
    categories: [...categories]
      .sort(([a], [b]) => compareText(a, b))
      .map(([category, counts]) => ({ category, ...counts })),
    finalScores,
    accuracy,
    members: [...members.values()].sort(
      (a, b) => compareText(a.model, b.model) || compareText(a.promptVariant, b.promptVariant),
    ),
  };
}

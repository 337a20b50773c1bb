import type { Preference, Verdict } from '../core/index.js';

/** One judged pair as the maths sees it: the human's preference and the judge's score for each edit. */
export interface ScoredPair {
  preference: Preference;
  scoreA: number;
  scoreB: number;
  /** Grouping for per-category accuracy; absent counts as 'uncategorized'. */
  category?: string;
}

/** A 95% (or other level) interval: [low, high]. */
export type Interval = [number, number];

/** Accuracy of one group of a/b pairs; null when the group has no a/b pair to be right or wrong about. */
export interface GroupAccuracy {
  n: number;
  accuracy: number | null;
}

/** One edit's judgement: the score the bench uses and the verdict behind it. */
export interface EditJudgement {
  /** The verdict's final score, or the mean over samples when samples > 1. */
  score: number;
  /** The verdict itself (for samples > 1, the sample nearest the median). */
  verdict: Verdict;
  /** Every parsed sample's final score, when samples > 1. */
  sampleScores?: number[];
}

interface PairFields {
  id: string;
  /** 1-based line in the pairs file. */
  line: number;
  category: string;
  instruction: string;
  preference: Preference;
  /** Image references as the judge got them: paths resolved against the pairs file's folder, data URLs as they were. */
  source: string;
  a: string;
  b: string;
}

export type BenchPairResult =
  | (PairFields & { status: 'ok'; judgedA: EditJudgement; judgedB: EditJudgement })
  | (PairFields & {
      status: 'failed';
      /** What went wrong, naming the edit ('a' or 'b') that failed. */
      error: string;
      /** The thrown value, for callers that map it to an exit status; not serialised. */
      cause: unknown;
    });

/** The numbers of a bench run: what `edit-r1 bench --json` prints. */
export interface BenchSummary {
  /** a/b pairs scored: the strict accuracy's denominator. */
  n: number;
  /** 'same' pairs scored: left out of the strict accuracy, counted in accuracyWithTies. */
  same: number;
  /** Strict pairwise accuracy (a tie is wrong). */
  accuracy: number | null;
  /** Accuracy over a/b and 'same' pairs at tieMargin (GenAI-Bench / EditReward convention). */
  accuracyWithTies: number | null;
  /** The score margin under which two edits count as tied, chosen to maximise accuracyWithTies. */
  tieMargin: number | null;
  /** Unweighted mean of the per-category strict accuracies (EditReward-Bench's headline). */
  macroAccuracy: number | null;
  perCategory: Record<string, GroupAccuracy>;
  /** Bootstrap percentile interval of the strict accuracy. */
  ci95: Interval | null;
  /** Bootstrap percentile interval of the macro accuracy. */
  macroCi95: Interval | null;
  /** Pairs with no score (an image or the judge failed); in no accuracy. */
  failed: number;
  /** The judge's id. */
  judge: string;
}

export interface BenchResult extends BenchSummary {
  /** Every pair in file order, with its scores and verdicts or its failure (library only, not in --json). */
  pairs: BenchPairResult[];
}

import { CATEGORIES } from '../../core/index.js';
import type { RrmInput } from './types.js';

/** What a point token sees of the answers before it: SUMMARY numbers. */
export const SUMMARY = 2 + CATEGORIES.length + 2;
/** What the score token sees of all the answers, besides the pooled point features. */
export const ANSWER_STATS = 1 + 2 * CATEGORIES.length;

/**
 * The running summary of the answers given before principle t: the share of yes so far, the share
 * of yes within each category so far, how far along the list we are, and whether it is the first.
 */
export function runningSummary(input: RrmInput, answers: readonly number[], t: number): number[] {
  const yes = [0, 0, 0];
  const seen = [0, 0, 0];
  for (let k = 0; k < t; k++) {
    const c = CATEGORIES.indexOf(input.principles[k]!.category);
    seen[c]!++;
    yes[c]! += answers[k]!;
  }
  const total = seen.reduce((s, v) => s + v, 0);
  return [
    total === 0 ? 0 : yes.reduce((s, v) => s + v, 0) / total,
    t === 0 ? 1 : 0,
    ...yes.map((y, c) => (seen[c]! === 0 ? 0 : y / seen[c]!)),
    t / 10,
    input.principles.length / 10,
  ];
}

/** The point token's input row: the principle's features, the edit's, and the summary. */
export function pointRow(input: RrmInput, answers: readonly number[], t: number): number[] {
  return [...input.points[t]!, ...input.global, ...runningSummary(input, answers, t)];
}

/**
 * The score token's input row: the edit's features, the share of yes overall and per category, how
 * many principles each category has, and the mean features of the principles answered no and of all.
 */
export function scoreRow(input: RrmInput, answers: readonly number[]): number[] {
  const width = input.points[0]!.length;
  const failed = new Array<number>(width).fill(0);
  const all = new Array<number>(width).fill(0);
  const yes = [0, 0, 0];
  const seen = [0, 0, 0];
  let no = 0;
  input.points.forEach((row, k) => {
    const c = CATEGORIES.indexOf(input.principles[k]!.category);
    seen[c]!++;
    yes[c]! += answers[k]!;
    if (answers[k] === 0) no++;
    row.forEach((v, i) => {
      all[i]! += v / input.points.length;
      if (answers[k] === 0) failed[i]! += v;
    });
  });
  const n = input.points.length;
  return [
    ...input.global,
    (n - no) / n,
    ...yes.map((y, c) => (seen[c]! === 0 ? 1 : y / seen[c]!)),
    ...seen.map((s) => s / 10),
    ...failed.map((v) => (no === 0 ? 0 : v / no)),
    ...all,
  ];
}

import { ParseError, type Judge, type JudgeInput, type Verdict } from '../core/index.js';
import type { EditJudgement } from './types.js';

/** The sample nearest the median stands for the set (its points are what the report shows). */
function nearestMedian(verdicts: readonly Verdict[], median: number): Verdict {
  return verdicts.reduce((best, v) =>
    Math.abs(v.finalScore - median) < Math.abs(best.finalScore - median) ? v : best,
  );
}

/**
 * One edit's score: the verdict's final score, or with samples > 1 the mean over the samples that
 * parsed (judge.sample fails only when none did). A judge error propagates: the caller fails the pair.
 */
export async function judgeEdit(
  judge: Judge,
  input: JudgeInput,
  samples: number,
  seed: number | undefined,
): Promise<EditJudgement> {
  const options = seed === undefined ? {} : { seed };
  if (samples === 1) {
    const verdict = await judge.judge(input, options);
    return { score: verdict.finalScore, verdict };
  }
  const set = await judge.sample(input, samples, options);
  if (set.verdicts.length === 0)
    throw new ParseError(
      `none of ${samples} samples produced a verdict: every reply was unparseable; lower the temperature or use --samples 1`,
      set.failures.map((f) => f.raw).join('\n---\n'),
    );
  return {
    score: set.summary.mean,
    verdict: nearestMedian(set.verdicts, set.summary.median),
    sampleScores: set.verdicts.map((v) => v.finalScore),
  };
}

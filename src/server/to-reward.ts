import type { SampleSet, Verdict } from '../core/index.js';
import type { Reward } from './schemas.js';

/** The sample nearest the set's median stands for it (its points are the ones reported). */
function representative(set: SampleSet): Verdict {
  const { median } = set.summary;
  return set.verdicts.reduce((best, v) =>
    Math.abs(v.finalScore - median) < Math.abs(best.finalScore - median) ? v : best,
  );
}

/** One edit's reward: the verdict's final score, or with samples the mean of those that parsed (Avg@N). */
export function toReward(result: Verdict | SampleSet): Reward {
  const set = 'verdicts' in result ? result : undefined;
  const verdict = set ? representative(set) : (result as Verdict);
  const finalScore = set ? set.summary.mean : verdict.finalScore;
  return {
    finalScore,
    reward: finalScore / 10,
    averageScore: verdict.averageScore,
    points: verdict.points,
    rulesApplied: verdict.rulesApplied,
    ...(set
      ? { samples: { scores: set.verdicts.map((v) => v.finalScore), failed: set.failures.length } }
      : {}),
  };
}

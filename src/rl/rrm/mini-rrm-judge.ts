import {
  averageOfPoints,
  createRng,
  UsageError,
  type Judge,
  type JudgeInput,
  type JudgeOptions,
  type SampleSet,
  type Verdict,
} from '../../core/index.js';
import { formatRrmTrace, summarizeSamples } from '../../rrm/index.js';
import type { MiniRrmPolicy } from './mini-rrm-policy.js';
import { RrmFeaturizer } from './rrm-featurizer.js';
import type { RrmInput, RrmTrace } from './types.js';

export interface MiniRrmJudgeOptions {
  /** Shared with training or evaluation so each image is featurized once. */
  featurizer?: RrmFeaturizer;
  /** Judge id suffix, e.g. the run folder. Default 'mini-rrm'. */
  id?: string;
}

/**
 * The miniature RRM behind the Judge contract, so the bench, the server and GRPO can use it like any
 * judge: judge() is the greedy trace, sample(n) draws n traces (seeded by options.seed, default 0).
 * The trace text is the RRM output format (formatRrmTrace), so parseJudgeReply reads it back.
 */
export function createMiniRrmJudge(policy: MiniRrmPolicy, options: MiniRrmJudgeOptions = {}): Judge {
  const featurizer = options.featurizer ?? new RrmFeaturizer();
  const id = options.id ?? 'mini-rrm';
  const featurize = (input: JudgeInput): Promise<RrmInput> => {
    if (!input.principles || input.principles.length === 0) {
      throw new UsageError(
        'the miniature RRM needs the principles: pass them with the input (it has no decomposer)',
      );
    }
    return featurizer.features({ ...input, principles: input.principles });
  };
  const verdict = (input: RrmInput, trace: RrmTrace, started: number): Verdict => {
    const points = input.principles.map((p, t) => ({
      question: p.question,
      category: p.category,
      score: trace.points[t]!,
      reason:
        trace.points[t] === 1
          ? 'the miniature RRM finds it satisfied'
          : 'the miniature RRM finds it not satisfied',
    }));
    return {
      points,
      averageScore: averageOfPoints(points),
      finalScore: trace.finalScore,
      trace: formatRrmTrace({
        reasoning: 'Miniature RRM: one verdict per principle, then the final score.',
        points,
        finalScore: trace.finalScore,
      }),
      judge: id,
      rulesApplied: [],
      verifiedShare: 1,
      latencyMs: performance.now() - started,
    };
  };
  return {
    id,
    async judge(input: JudgeInput): Promise<Verdict> {
      const started = performance.now();
      const features = await featurize(input);
      return verdict(features, policy.greedy([features])[0]!, started);
    },
    async sample(input: JudgeInput, n: number, judgeOptions: JudgeOptions = {}): Promise<SampleSet> {
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`samples ${n} must be an integer >= 1`);
      const started = performance.now();
      const features = await featurize(input);
      const verdicts = policy
        .sample([features], n, createRng(judgeOptions.seed ?? 0))
        .map((r) => verdict(features, r.action, started));
      return {
        verdicts,
        failures: [],
        summary: summarizeSamples(verdicts, []),
        principles: [...features.principles],
      };
    },
  };
}

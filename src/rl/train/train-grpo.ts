import { sampleWithoutReplacement, UsageError } from '../../core/index.js';
import { grpoAdvantages, type GrpoAdvantageOptions } from '../grpo-advantages.js';
import { runTraining, type TrainerOptions, type TrainResult } from './train-loop.js';

/** Scores actions given their inputs, one finite reward each (a Judge wraps into this). */
export type RewardFunction<I, A> = (inputs: readonly I[], actions: readonly A[]) => Promise<number[]>;

export interface GrpoOptions<I, A> extends TrainerOptions<I, A> {
  /** The prompts (source and instruction, for an editor) steps draw from. */
  inputs: readonly I[];
  /** Distinct inputs per step, drawn without replacement. */
  inputsPerStep: number;
  /** Actions sampled per input: the group (PAPER.md section 5: G = 24). */
  groupSize: number;
  reward: RewardFunction<I, A>;
  advantages?: GrpoAdvantageOptions;
  /** Weight of the k3 KL to the initial policy. Default 0 (TRL's default; the paper uses 0.04). */
  beta?: number;
}

/**
 * GRPO: per step, inputsPerStep inputs, groupSize actions each, rewards, advantages relative to the
 * group (grpoAdvantages), then the clipped surrogate (token-mean unless options.surrogate says
 * otherwise) plus beta times the k3 KL to a frozen copy of the starting policy.
 */
export async function trainGrpo<I, A>(options: GrpoOptions<I, A>): Promise<TrainResult> {
  const { inputs, inputsPerStep, groupSize, policy } = options;
  if (!Number.isInteger(inputsPerStep) || inputsPerStep < 1 || inputsPerStep > inputs.length) {
    throw new UsageError(
      `inputsPerStep ${inputsPerStep} must be an integer in [1, ${inputs.length}] (the inputs given)`,
    );
  }
  if (!Number.isInteger(groupSize) || groupSize < 2) {
    throw new UsageError(
      `groupSize ${groupSize} must be an integer >= 2: GRPO compares actions within a group`,
    );
  }
  return runTraining('grpo', options, options.beta ?? 0, async (_step, rng) => {
    const chosen = sampleWithoutReplacement(inputs, inputsPerStep, rng);
    const rollouts = policy.sample(chosen, groupSize, rng.fork());
    const batchInputs = rollouts.map((r) => chosen[r.input]!);
    const actions = rollouts.map((r) => r.action);
    const rewards = await options.reward(batchInputs, actions);
    if (rewards.length !== actions.length || rewards.some((r) => !Number.isFinite(r))) {
      throw new UsageError(
        `the reward function returned ${rewards.length} values for ${actions.length} actions, or a non-finite one: ` +
          'return one finite reward per action',
      );
    }
    const adv = grpoAdvantages(
      rewards,
      rollouts.map((r) => r.input),
      options.advantages,
    );
    return {
      inputs: batchInputs,
      actions,
      oldLogp: rollouts.map((r) => r.logp),
      masks: rollouts.map((r) => r.mask),
      advantages: adv.advantages,
      rewards,
      extra: { zeroStdGroups: adv.zeroStdGroups, groups: adv.groups },
    };
  });
}

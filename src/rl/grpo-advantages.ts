import { UsageError } from '../core/index.js';
import { mean, standardDeviation, type StdEstimator } from './moments.js';

/**
 * What the centred reward is divided by: the standard deviation of its own group ('group', the
 * original GRPO; TRL scale_rewards='group'), of the whole batch ('batch'; TRL scale_rewards='batch',
 * Flow-GRPO global_std), or nothing ('none'; Dr. GRPO, TRL scale_rewards='none', verl
 * norm_adv_by_std_in_grpo=False). The mean subtracted is always the group's.
 */
export type StdScope = 'group' | 'batch' | 'none';

export interface GrpoAdvantageOptions {
  /** Default 'group'. */
  scale?: StdScope;
  /** Default 'sample' (N - 1, as torch.std in TRL and verl); Flow-GRPO uses 'population' (np.std). */
  std?: StdEstimator;
  /** Added to the standard deviation before dividing. Default 1e-4 (TRL, Flow-GRPO); verl uses 1e-6. */
  eps?: number;
  /** When set, advantages are clamped to [-clip, clip] (Flow-GRPO's adv_clip_max, 5 there). */
  clip?: number;
}

export const GRPO_ADVANTAGE_DEFAULTS = { scale: 'group', std: 'sample', eps: 1e-4 } as const;

export interface GrpoAdvantages {
  /** (r - group mean) / (std + eps), or r - group mean for scale 'none'; clamped when clip is set. */
  advantages: number[];
  /** Per sample: the mean of its group. */
  groupMean: number[];
  /** Per sample: the standard deviation of its group (logged even for scale 'none'). */
  groupStd: number[];
  /** How many groups have every reward equal (their advantages are exactly 0: no learning signal). */
  zeroStdGroups: number;
  groups: number;
}

/**
 * GRPO advantages for a batch of rewards, each sample tagged with the id of its group (the prompt,
 * or the source image and instruction, it was sampled for). Groups may be interleaved and of any
 * size; a group of one gets advantage 0 (it has nothing to be compared with).
 */
export function grpoAdvantages(
  rewards: ArrayLike<number>,
  groupIds: readonly (string | number)[],
  options: GrpoAdvantageOptions = {},
): GrpoAdvantages {
  const { scale, std, eps } = { ...GRPO_ADVANTAGE_DEFAULTS, ...options };
  const r = Array.from(rewards);
  checkInputs(r, groupIds, scale, std, eps, options.clip);

  const members = new Map<string | number, number[]>();
  groupIds.forEach((id, i) => {
    const list = members.get(id) ?? [];
    list.push(i);
    members.set(id, list);
  });

  const groupMean = new Array<number>(r.length).fill(0);
  const groupStd = new Array<number>(r.length).fill(0);
  let zeroStdGroups = 0;
  for (const indices of members.values()) {
    const values = indices.map((i) => r[i]!);
    const m = mean(values);
    const s = standardDeviation(values, std);
    if (s === 0) zeroStdGroups++;
    for (const i of indices) {
      groupMean[i] = m;
      groupStd[i] = s;
    }
  }

  const batchStd = standardDeviation(r, std);
  const divisor = (i: number): number =>
    scale === 'none' ? 1 : (scale === 'batch' ? batchStd : groupStd[i]!) + eps;
  const clip = options.clip ?? Infinity;
  const advantages = r.map((v, i) => {
    // Every member of a tied group, or of a group of one, gets exactly 0, not a rounding residue.
    // That also keeps eps = 0 from dividing 0 by 0.
    if (groupStd[i] === 0) return 0;
    return Math.min(clip, Math.max(-clip, (v - groupMean[i]!) / divisor(i)));
  });
  return { advantages, groupMean, groupStd, zeroStdGroups, groups: members.size };
}

function checkInputs(
  rewards: readonly number[],
  groupIds: readonly (string | number)[],
  scale: string,
  std: string,
  eps: number,
  clip: number | undefined,
): void {
  if (groupIds.length !== rewards.length) {
    throw new UsageError(
      `grpoAdvantages got ${rewards.length} rewards and ${groupIds.length} group ids: give one id per reward`,
    );
  }
  const bad = rewards.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new UsageError(`reward ${bad} is ${rewards[bad]}: every reward must be a finite number`);
  if (!['group', 'batch', 'none'].includes(scale)) {
    throw new UsageError(`scale '${scale}' is not one of group, batch, none`);
  }
  if (!['population', 'sample'].includes(std)) {
    throw new UsageError(`std '${std}' is not one of population, sample`);
  }
  if (!(eps >= 0) || !Number.isFinite(eps)) throw new UsageError(`eps ${eps} must be a finite number >= 0`);
  if (clip !== undefined && !(clip > 0))
    throw new UsageError(`clip ${clip} must be > 0 (leave it out for no clamp)`);
}

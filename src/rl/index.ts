// rl/: the maths of GRPO and GCPO (docs/RL.md). Plain float64 functions over arrays are the
// reference; the *Tf functions are their differentiable tfjs twins for training.
export * from './token-matrix.js';
export * from './token-aggregation.js';
export * from './token-aggregation-tf.js';
export * from './moments.js';
export * from './win-loss-rewards.js';
export * from './gcpo-advantages.js';
export * from './grpo-advantages.js';
export * from './k3-kl.js';
export * from './k3-kl-tf.js';
export * from './clipped-surrogate.js';
export * from './clipped-surrogate-tf.js';
export * from './finite-difference.js';
export * from './policy.js';
export * from './train/index.js';
export * from './toy/index.js';
export * from './editor/index.js';
export * from './rrm/index.js';
export * from './reproduce/index.js';

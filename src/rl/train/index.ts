// rl/train: the GRPO and GCPO trainers over the Policy contract, and what they share (optimiser,
// learning-rate schedule, gradient clipping, checkpoints, logs, learning curve).
export * from './lr-schedule.js';
export * from './clip-grad-norm.js';
export * from './adam.js';
export * from './step-record.js';
export * from './frozen-reference.js';
export * from './policy-update.js';
export * from './trainer-checkpoint.js';
export * from './run-log.js';
export * from './train-loop.js';
export * from './gcpo-pair-rewards.js';
export * from './train-grpo.js';
export * from './train-gcpo.js';
export * from './learning-curve-svg.js';

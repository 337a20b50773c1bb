// rl/toy: tiny policies whose optimum is known, for the trainers' tests and benchmarks.
export * from './toy-sequence-policy.js';
export * from './enumerate-sequences.js';
export * from './action-probabilities.js';

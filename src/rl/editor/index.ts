// rl/editor: the miniature editor (issue 6, deliverables 4-5): a tfjs policy over EditWorld edit
// programs, its judge reward with the oracle watching, the holistic comparison judge, evaluation.
export * from './edit-program.js';
export * from './apply-program.js';
export * from './task-features.js';
export * from './edit-task.js';
export * from './editor-network.js';
export * from './program-codec.js';
export * from './editor-policy.js';
export * from './edit-outcome.js';
export * from './reward-watch.js';
export * from './editor-reward.js';
export * from './holistic-judge.js';
export * from './evaluate-editors.js';
export * from './train-editor.js';

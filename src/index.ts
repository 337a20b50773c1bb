/** The package's public face: everything a library user needs, through each folder's own index. */
export * from './core/index.js';
export * from './images/index.js';
export * from './backends/index.js';
export * from './principles/index.js';
export * from './rrm/index.js';
export {
  createJudge,
  createJudgeAndDecomposer,
  JudgeConfigSchema,
  type JudgeConfig,
} from './create-judge.js';
export * from './world/index.js';
export * from './bench/index.js';
export * from './server/index.js';

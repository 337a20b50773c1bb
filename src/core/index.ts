export * from './errors.js';
export * from './principle.js';
export * from './check.js';
export * from './verdict.js';
export * from './chat.js';
export * from './judge.js';
export * from './rng.js';
export * from './json-schema.js';

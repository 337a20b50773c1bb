/** The pipeline's run inputs: a JSONL of sources and instructions, or EditWorld sources made from a seed. */
export { readInputs } from './read-inputs.js';
export { readJsonlInputs } from './read-jsonl-inputs.js';
export { makeWorldInputs } from './make-world-inputs.js';
export { InputIdSchema, InputLineSchema, type InputLine } from './input-line.js';
export { readJsonlLines } from './read-jsonl-lines.js';
export { sha256File, sha256Hex, writeIfChanged } from './files.js';
export type { PreparedInput, WorldInput } from './types.js';

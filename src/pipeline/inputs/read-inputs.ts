import type { RunConfig } from '../config/index.js';
import { makeWorldInputs } from './make-world-inputs.js';
import { readJsonlInputs } from './read-jsonl-inputs.js';
import type { PreparedInput } from './types.js';

/**
 * The run's inputs, in order: the JSONL's lines (validated, paths resolved, sources hashed), or the
 * EditWorld sources the seed makes (rendered into `<workDir>/world/`). Throws a ConfigError listing
 * every bad line.
 */
export async function readInputs(
  config: Pick<RunConfig, 'inputs' | 'workDir' | 'decomposer'>,
): Promise<PreparedInput[]> {
  if ('editworld' in config.inputs) return makeWorldInputs(config.inputs.editworld, config.workDir);
  return readJsonlInputs(config.inputs.jsonl, config.decomposer.type === 'given');
}

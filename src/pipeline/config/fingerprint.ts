import { createHash } from 'node:crypto';
import { canonicalJson } from '../unit-key.js';
import type { BackendConfig, RunConfig } from './schema.js';

const VERSION = 'pipeline-config/v1';

/**
 * What of a backend decides its answers: its type and, for the noisy embedded judge, its flip rate and
 * seed. Not its name, URL, key, rate limits, concurrency, timeouts or pricing: the same model behind
 * another URL or limit gives the same results.
 */
function decisive(name: string, backends: RunConfig['backends']): unknown {
  const backend: BackendConfig | undefined = backends[name];
  if (!backend) return { missing: name };
  if (backend.type === 'embedded-noisy')
    return { type: backend.type, flip: backend.flip, seed: backend.seed };
  return { type: backend.type };
}

/**
 * sha256 over what decides a run's results: inputs, decomposer, candidate sources, trace pool, verifier
 * and seed, with each named backend replaced by what decides its answers. Not the store, workDir, rate
 * limits, concurrency, pricing, retries, selection threshold or export settings: a run resumes under
 * another store URL or rate limit (or re-exports with another threshold), but refuses another pool.
 * File paths enter as the absolute paths the loader made, so the inputs must stay where they were.
 */
export function configFingerprint(config: RunConfig): string {
  const { backends } = config;
  const decomposer =
    config.decomposer.type === 'vlm'
      ? {
          type: 'vlm',
          model: config.decomposer.model,
          backend: decisive(config.decomposer.backend, backends),
        }
      : config.decomposer;
  const candidates = config.candidates.map((source) =>
    source.type === 'image-edit'
      ? {
          name: source.name,
          type: source.type,
          model: source.model,
          n: source.n,
          backend: decisive(source.backend, backends),
        }
      : source,
  );
  const tracePool = config.tracePool.map((member) => ({
    backend: decisive(member.backend, backends),
    model: member.model,
    promptVariant: member.promptVariant,
    temperature: member.temperature,
    n: member.n,
  }));
  const verifier =
    config.verifier.type === 'vlm'
      ? {
          type: 'vlm',
          model: config.verifier.model,
          temperature: config.verifier.temperature,
          backend: decisive(config.verifier.backend, backends),
        }
      : config.verifier;
  const decides = {
    version: VERSION,
    inputs: config.inputs,
    decomposer,
    candidates,
    tracePool,
    verifier,
    seed: config.seed,
  };
  return createHash('sha256').update(canonicalJson(decides)).digest('hex');
}

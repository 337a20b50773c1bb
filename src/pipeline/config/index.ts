/** The pipeline's run config: schema, loading with path resolution and `--store`, fingerprint, store URLs. */
export {
  RunConfigSchema,
  type RunConfig,
  type RunConfigInput,
  type BackendConfig,
  type OpenAIBackendConfig,
  type InputsConfig,
  type EditWorldInputsConfig,
  type DecomposerConfig,
  type CandidateSourceConfig,
  type TraceMemberConfig,
  type VerifierConfig,
} from './schema.js';
export { loadRunConfig, parseRunConfig, type RunConfigOverrides } from './load-run-config.js';
export { configFingerprint } from './fingerprint.js';
export { resolveStoreUrl } from './store-url.js';
export { apiKeyOf } from './api-key.js';

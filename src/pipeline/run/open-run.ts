import { ConfigError } from '../../core/index.js';
import { createCandidateSources } from '../candidates/index.js';
import {
  configFingerprint,
  describeStoreUrl,
  loadRunConfig,
  type RunConfigOverrides,
} from '../config/index.js';
import { readInputs } from '../inputs/index.js';
import { openStore } from '../store/index.js';
import type { PipelineStore } from '../types.js';
import type { Run } from './run-types.js';

/** The store meta entry holding the config fingerprint the store was made with. */
const FINGERPRINT = 'fingerprint';

async function checkFingerprint(store: PipelineStore, fingerprint: string, storeUrl: string): Promise<void> {
  const stored = await store.getMeta(FINGERPRINT);
  if (stored === null) return store.setMeta(FINGERPRINT, fingerprint);
  if (stored === fingerprint) return;
  throw new ConfigError(
    `the store ${describeStoreUrl(storeUrl)} belongs to another config (fingerprint ${stored.slice(0, 12)}, this config's is ${fingerprint.slice(0, 12)}): ` +
      'its inputs, decomposer, candidates, trace pool, verifier or seed differ. Run with the config that made the store, ' +
      'or give this config its own store (--store sqlite:NEW.sqlite, or a new store: in the config)',
  );
}

/**
 * Opens a run: loads and validates the config (`overrides.store` is `--store`), opens and migrates the
 * store, checks the config fingerprint against the store's (set on first use; another config's store is a
 * ConfigError), reads the inputs and creates the candidate sources.
 */
export async function openRun(configPath: string, overrides: RunConfigOverrides = {}): Promise<Run> {
  const config = await loadRunConfig(configPath, overrides);
  const store = await openStore(config.store);
  try {
    await store.migrate();
    await checkFingerprint(store, configFingerprint(config), config.store);
    const inputs = await readInputs(config);
    const sources = await createCandidateSources(config);
    return { config, store, inputs, sources, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

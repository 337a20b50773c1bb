import { ConfigError } from '../../core/index.js';
import { createCandidateSources } from '../candidates/index.js';
import {
  configFingerprint,
  loadRunConfig,
  type RunConfig,
  type RunConfigOverrides,
} from '../config/index.js';
import { readInputs } from '../inputs/index.js';
import { maskStoreUrl, openStore } from '../store/index.js';
import type { PipelineStore } from '../types.js';
import { LOCAL_RESOURCE } from './plan-input.js';
import type { Run } from './run-types.js';

/** The store meta entry holding the config fingerprint the store was made with. */
const FINGERPRINT = 'fingerprint';

async function checkFingerprint(store: PipelineStore, fingerprint: string, storeUrl: string): Promise<void> {
  const stored = await store.getMeta(FINGERPRINT);
  if (stored === null) return store.setMeta(FINGERPRINT, fingerprint);
  if (stored === fingerprint) return;
  throw new ConfigError(
    `the store ${maskStoreUrl(storeUrl)} belongs to another config (fingerprint ${stored.slice(0, 12)}, this config's is ${fingerprint.slice(0, 12)}): ` +
      'its inputs, decomposer, candidates, trace pool, verifier or seed differ. Run with the config that made the store, ' +
      'or give this config its own store (--store sqlite:NEW.sqlite, or a new store: in the config)',
  );
}

/**
 * Units are claimed by resource name, so unfinished units of a backend the config no longer names would
 * wait for ever: a renamed backend keeps its units under the old name (the name is not part of a unit's
 * key, so renaming is otherwise harmless).
 */
async function checkResources(store: PipelineStore, config: RunConfig): Promise<void> {
  const known = new Set([LOCAL_RESOURCE, ...Object.keys(config.backends)]);
  const orphaned = (await store.activeResources()).filter((resource) => !known.has(resource));
  if (orphaned.length === 0) return;
  const names = orphaned.map((name) => `'${name}'`).join(', ');
  throw new ConfigError(
    `the store has unfinished units for backends ${names}, which this config does not name: ` +
      'name them so again in backends: (their URLs, keys and rate limits may change)',
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
    await checkResources(store, config);
    const inputs = await readInputs(config);
    const sources = await createCandidateSources(config);
    return { config, store, inputs, sources, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}

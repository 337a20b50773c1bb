import type { CandidateSourceConfig, RunConfig } from '../config/index.js';
import { createEditWorldSource } from './editworld-source.js';
import { createFolderSource } from './folder-source.js';
import { createImageEditSource } from './image-edit-source.js';
import { createJsonlSource } from './jsonl-source.js';
import type { CandidateSource } from './types.js';

type Maker<T extends CandidateSourceConfig['type']> = (
  config: Extract<CandidateSourceConfig, { type: T }>,
  run: { seed: number; field: string },
) => Promise<CandidateSource> | CandidateSource;

/** One row per candidate source type. */
const SOURCES: { [T in CandidateSourceConfig['type']]: Maker<T> } = {
  folder: (config, { field }) => createFolderSource(config, field),
  jsonl: (config) => createJsonlSource(config),
  'image-edit': (config) => createImageEditSource(config),
  editworld: (config, { seed }) => createEditWorldSource(config, seed),
};

/**
 * The config's candidate sources, in config order. Folder and JSONL sources are listed and checked here
 * (a missing folder, a bad line, a missing image: ConfigError naming the path or file:line), so that
 * planning afterwards is pure.
 */
export async function createCandidateSources(
  config: Pick<RunConfig, 'candidates' | 'seed'>,
): Promise<CandidateSource[]> {
  return Promise.all(
    config.candidates.map((source, i) =>
      (SOURCES[source.type] as Maker<typeof source.type>)(source, {
        seed: config.seed,
        field: `candidates[${i}]`,
      }),
    ),
  );
}

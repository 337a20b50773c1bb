import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ConfigError, InvalidImageError } from '../../core/index.js';
import type { CandidateSourceConfig } from '../config/index.js';
import { sha256File } from '../inputs/index.js';
import type { CandidateSource } from './types.js';
import { unplanned } from './unplanned.js';

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp']);

type FolderConfig = Extract<CandidateSourceConfig, { type: 'folder' }>;

/** name -> sorted image file names, per input folder. */
async function scan(root: string): Promise<Map<string, string[]>> {
  const byInput = new Map<string, string[]>();
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const files = (await readdir(join(root, entry.name), { withFileTypes: true }))
      .filter((f) => f.isFile() && IMAGE_EXTENSIONS.has(extname(f.name).toLowerCase()))
      .map((f) => f.name)
      .sort();
    if (files.length > 0) byInput.set(entry.name, files);
  }
  return byInput;
}

/**
 * Existing edits in `<path>/<inputId>/*.{png,jpg,jpeg,webp}`, one candidate per file in name order.
 * The folder is listed once when the source is made, so planning is pure; an input without a folder
 * (or with no images in it) simply gets no candidates from this source.
 */
export async function createFolderSource(config: FolderConfig, field: string): Promise<CandidateSource> {
  const isFolder = await stat(config.path).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isFolder) {
    throw new ConfigError(
      `${field}.path: no folder at ${config.path}; create it (one subfolder of edited images per input id) or fix the path`,
    );
  }
  const byInput = await scan(config.path);
  return {
    name: config.name,
    type: 'folder',
    resource: 'local',
    plan: (input) =>
      (byInput.get(input.id) ?? []).map((file) => ({
        candidateId: file,
        parts: {
          source: config.name,
          type: 'folder',
          inputId: input.id,
          file: join(config.path, input.id, file),
        },
      })),
    async run(input, candidateId) {
      if (!byInput.get(input.id)?.includes(candidateId)) throw unplanned(config.name, input.id, candidateId);
      const edited = join(config.path, input.id, candidateId);
      const sha256 = await sha256File(edited).catch((error: unknown) => {
        throw new InvalidImageError(
          `cannot read candidate image ${edited}: it was listed at the start of the run; put it back`,
          edited,
          { cause: error },
        );
      });
      return { edited, sha256, editor: config.name, candidateId };
    },
  };
}

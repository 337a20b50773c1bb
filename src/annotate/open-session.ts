import { createHmac, randomBytes } from 'node:crypto';
import { ConfigError, UsageError } from '../core/index.js';
import { assignPairs } from './assign-pairs.js';
import { LabelStore } from './label-store.js';
import { readAnnotatePairs } from './read-annotate-pairs.js';
import { hashToken, newToken } from './tokens.js';
import { ANNOTATE_MODES, type AnnotateMode } from './types.js';

export interface AnnotateSessionOptions {
  /** pairs.jsonl; its folder is the only place images are served from. */
  pairsFile: string;
  /** labels.sqlite: created on the first start, reopened (and checked against these options) after. */
  dbFile: string;
  /** Annotator names (letters, digits, `.`, `_`, `-`). */
  annotators: readonly string[];
  /** Annotators each pair is shown to. Default: 2 with several annotators, else 1. */
  perPair?: number;
  /** Default 'preference'. */
  mode?: AnnotateMode;
  /** Seeds assignment and left/right. Default 0. */
  seed?: number;
  /** New tokens for every annotator (the old ones stop working). Tokens are kept across restarts otherwise. */
  reissueTokens?: boolean;
}

/** A labels database ready to serve: the settings it was made with, and the image ids the page may ask for. */
export interface AnnotateSession {
  store: LabelStore;
  mode: AnnotateMode;
  perPair: number;
  seed: number;
  /** Real path of the pairs file's folder. */
  datasetDir: string;
  annotators: string[];
  /** Tokens made by this start (a new database, or reissueTokens), by annotator; shown once, stored hashed. */
  issuedTokens: Map<string, string>;
  /** Image id (as in /images/<id>) to its path relative to datasetDir. */
  images: Map<string, string>;
  imageId(rel: string): string;
  close(): void;
}

const NAME = /^[A-Za-z0-9._-]{1,64}$/;

function checkAnnotators(names: readonly string[]): void {
  if (names.length === 0) throw new UsageError('name at least one annotator: --annotators alice,bob');
  for (const name of names) {
    if (!NAME.test(name)) {
      throw new UsageError(`annotator name '${name}' must be 1-64 letters, digits, '.', '_' or '-'`);
    }
  }
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) throw new UsageError(`annotator '${repeated}' is named twice in --annotators`);
}

/** A setting given now that differs from the one the database was made with. */
function sameAsStored(flag: string, stored: string, given: string | undefined): void {
  if (given !== undefined && given !== stored) {
    throw new ConfigError(
      `${flag} is ${given} but the labels database was made with ${stored}; drop ${flag} or use a new --db`,
    );
  }
}

/**
 * Opens a labels database for serving. The first start stores the pairs, the annotators (token
 * digests), and the seeded assignments; a restart checks that the pairs file, annotators, mode,
 * per-pair count and seed are those it was made with, so labels already given keep their meaning.
 */
export async function openAnnotateSession(options: AnnotateSessionOptions): Promise<AnnotateSession> {
  checkAnnotators(options.annotators);
  if (options.mode !== undefined && !ANNOTATE_MODES.includes(options.mode)) {
    throw new UsageError(`mode must be one of ${ANNOTATE_MODES.join(', ')}, got ${String(options.mode)}`);
  }
  if (options.seed !== undefined && !Number.isSafeInteger(options.seed)) {
    throw new UsageError(`--seed must be an integer, got ${options.seed}`);
  }
  const dataset = await readAnnotatePairs(options.pairsFile);
  const store = LabelStore.open(options.dbFile);
  const issuedTokens = new Map<string, string>();
  try {
    if (store.isEmpty()) {
      const mode = options.mode ?? 'preference';
      const seed = options.seed ?? 0;
      const perPair = options.perPair ?? Math.min(2, options.annotators.length);
      const assignments = assignPairs(
        dataset.pairs.map((p) => p.id),
        options.annotators,
        perPair,
        seed,
      );
      for (const name of options.annotators) issuedTokens.set(name, newToken());
      store.initialise({
        meta: {
          version: '1',
          mode,
          seed: String(seed),
          perPair: String(perPair),
          imageSecret: randomBytes(32).toString('hex'),
        },
        pairs: dataset.pairs,
        annotators: options.annotators.map((name) => ({
          name,
          tokenHash: hashToken(issuedTokens.get(name)!),
        })),
        assignments,
      });
    } else {
      sameAsStored('the mode (--gsb)', store.meta('mode')!, options.mode);
      sameAsStored('--seed', store.meta('seed')!, options.seed?.toString());
      sameAsStored('--per-pair', store.meta('perPair')!, options.perPair?.toString());
      const stored = store.annotators().map((a) => a.name);
      if (stored.join(',') !== options.annotators.join(',')) {
        throw new ConfigError(
          `--annotators ${options.annotators.join(',')} differs from the database's ${stored.join(',')}; pass those, or use a new --db`,
        );
      }
      const storedPairs = store.pairs();
      const differs = dataset.pairs.findIndex((p, i) => JSON.stringify(p) !== JSON.stringify(storedPairs[i]));
      if (differs !== -1 || storedPairs.length !== dataset.pairs.length) {
        throw new ConfigError(
          `${options.pairsFile} is not the pairs file the labels database was made from (first difference at pair ${Math.max(differs, 0) + 1}); pass that file, or use a new --db`,
        );
      }
      if (options.reissueTokens === true) {
        for (const name of stored) {
          const token = newToken();
          issuedTokens.set(name, token);
          store.setTokenHash(name, hashToken(token));
        }
      }
    }
    // Where the images are now (the folder may have moved since the first start): export resolves paths from it.
    store.setMeta('datasetDir', dataset.datasetDir);
  } catch (error) {
    store.close();
    throw error;
  }
  const secret = store.meta('imageSecret')!;
  // Ids are keyed digests of the paths: opaque, so an id says nothing of which edit is which.
  const imageId = (rel: string) => createHmac('sha256', secret).update(rel).digest('hex').slice(0, 32);
  const images = new Map<string, string>();
  for (const pair of dataset.pairs)
    for (const rel of [pair.source, pair.a, pair.b]) images.set(imageId(rel), rel);
  return {
    store,
    mode: store.meta('mode') as AnnotateMode,
    perPair: Number(store.meta('perPair')),
    seed: Number(store.meta('seed')),
    datasetDir: dataset.datasetDir,
    annotators: [...options.annotators],
    issuedTokens,
    images,
    imageId,
    close: () => store.close(),
  };
}

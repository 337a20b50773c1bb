import pLimit from 'p-limit';
import { UsageError, type Preference } from '../../core/index.js';
import { readPairsFile, type PairOnLine } from '../../bench/index.js';
import type { RrmFeaturizer } from './rrm-featurizer.js';
import type { RrmInput } from './types.js';

/** A pair with both edits' policy inputs. */
export interface FeaturizedPair {
  id: string;
  category: string;
  a: RrmInput;
  b: RrmInput;
  preference: Preference;
}

/** Featurizations in flight: sharp decodes on its own threads, two keep both cores busy. */
const CONCURRENCY = 2;

/** Pairs files read (image paths resolved against each file), or pairs already read. */
export async function loadPairs(
  pairs: string | readonly string[] | readonly PairOnLine[],
): Promise<PairOnLine[]> {
  if (typeof pairs === 'string') return readPairsFile(pairs);
  if (pairs.every((p) => typeof p === 'string')) {
    return (await Promise.all((pairs as readonly string[]).map((f) => readPairsFile(f)))).flat();
  }
  return [...(pairs as readonly PairOnLine[])];
}

/** Both edits of every pair featurized; a pair without principles is a UsageError (the RRM needs them). */
export async function featurizePairs(
  pairs: readonly PairOnLine[],
  featurizer: RrmFeaturizer,
): Promise<FeaturizedPair[]> {
  const limit = pLimit(CONCURRENCY);
  return Promise.all(
    pairs.map(({ pair, line }) =>
      limit(async () => {
        if (!pair.principles) {
          throw new UsageError(
            `pair ${pair.id} (line ${line}) has no principles: the miniature RRM judges against given principles`,
          );
        }
        const quad = (edited: string) => ({
          source: pair.source,
          edited,
          instruction: pair.instruction,
          principles: pair.principles!,
        });
        const [a, b] = [await featurizer.features(quad(pair.a)), await featurizer.features(quad(pair.b))];
        return { id: pair.id, category: pair.category, a, b, preference: pair.preference };
      }),
    ),
  );
}

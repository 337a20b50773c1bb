import { judgementKey, ParseError, type Decomposer, type Judge, type Principle } from '../core/index.js';
import type { LoadedImage } from '../images/index.js';
import { SampleParseError } from '../rrm/index.js';
import { EditQueue } from './edit-queue.js';
import { HttpError } from './http-error.js';
import type { ServerMetrics } from './metrics.js';
import type { ServerLimits } from './options.js';
import { createPrincipleCache } from './principle-cache.js';
import { RequestTiming } from './request-timing.js';
import { createImageResolver } from './resolve-image.js';
import type { RewardCache } from './reward-cache.js';
import type { Reward, RewardsRequest, RewardsResponse } from './schemas.js';
import { toReward } from './to-reward.js';

export interface RewardServiceOptions {
  judge: Judge;
  decomposer: Decomposer;
  judgeFingerprint: string;
  allowHosts: readonly string[];
  limits: ServerLimits;
  cache: RewardCache;
  metrics: ServerMetrics;
}

interface LoadedItem {
  id: string;
  instruction: string;
  source: LoadedImage;
  edited: LoadedImage[];
  principles: Principle[];
}

interface PendingEdit {
  item: number;
  edit: number;
  key: string;
  source: LoadedImage;
  edited: LoadedImage;
  instruction: string;
  principles: Principle[];
}

/**
 * The work behind the routes, without HTTP: load and check images -> principles (decomposed once per
 * source and instruction) -> cached rewards -> the rest through the bounded queue to the judge.
 *
 * A judgement that fails fails the request, with its error's type and the edit named in the message: a
 * score is never made up, and the edits that did succeed are cached, so a retry pays only for the rest.
 */
export function createRewardService(options: RewardServiceOptions) {
  const { judge, judgeFingerprint, limits, cache, metrics } = options;
  const images = createImageResolver({ allowHosts: options.allowHosts, maxPixels: limits.maxPixels });
  const principleCache = createPrincipleCache(options.decomposer, {
    onLookup: (cached) => metrics.decompositions.inc({ cached: String(cached) }),
  });
  const queue = new EditQueue(limits.concurrency, limits.queueDepth, ({ waiting, running }) => {
    metrics.queueDepth.set(waiting);
    metrics.inFlight.set(running);
  });

  async function principlesFor(source: LoadedImage, instruction: string, signal: AbortSignal) {
    return principleCache.get(source, instruction, signal);
  }

  async function judgeEdit(
    edit: PendingEdit,
    samples: number,
    seed: number | undefined,
    signal: AbortSignal,
  ) {
    const input = {
      source: edit.source.bytes,
      edited: edit.edited.bytes,
      instruction: edit.instruction,
      principles: edit.principles,
    };
    const call = seed === undefined ? { signal } : { signal, seed };
    const stop = metrics.judgeSeconds.startTimer();
    try {
      const result = samples > 1 ? await judge.sample(input, samples, call) : await judge.judge(input, call);
      stop({ outcome: 'ok' });
      if ('failures' in result) metrics.parseFailures.inc(result.failures.length);
      return toReward(result);
    } catch (error) {
      stop({ outcome: signal.aborted ? 'cancelled' : 'error' });
      if (error instanceof ParseError) {
        metrics.parseFailures.inc(error instanceof SampleParseError ? error.failures.length : 1);
      }
      if (signal.aborted) throw signal.reason as Error;
      // Name the edit, keep the class (its type and status are what the client branches on).
      if (error instanceof Error)
        error.message = `items[${edit.item}].edited[${edit.edit}]: ${error.message}`;
      throw error;
    }
  }

  /** A request's items with their images loaded and checked, and their principles. */
  async function loadItems(request: RewardsRequest, signal: AbortSignal): Promise<LoadedItem[]> {
    const imageCount = request.items.reduce((n, item) => n + 1 + item.edited.length, 0);
    if (imageCount > limits.imagesPerRequest) {
      throw new HttpError(
        413,
        'payload_too_large',
        `the request has ${imageCount} images, over the limit of ${limits.imagesPerRequest}; split it into smaller requests`,
      );
    }
    queue.assertOpen();
    return Promise.all(
      request.items.map(async (item, i) => {
        const [source, ...edited] = await Promise.all([
          images.resolve(item.source, `items[${i}].source`),
          ...item.edited.map((ref, j) => images.resolve(ref, `items[${i}].edited[${j}]`)),
        ]);
        const principles = item.principles ?? (await principlesFor(source!, item.instruction, signal));
        return {
          id: item.id ?? String(i),
          instruction: item.instruction,
          source: source!,
          edited,
          principles,
        };
      }),
    );
  }

  /** Rewards from the cache, and the rest judged through the queue. */
  async function judgeItems(
    loaded: LoadedItem[],
    samples: number,
    seed: number | undefined,
    signal: AbortSignal,
    timing: RequestTiming,
  ): Promise<RewardsResponse> {
    const rewardsOf: Reward[][] = loaded.map(() => []);
    const misses: PendingEdit[] = [];
    loaded.forEach((item, i) => {
      const { source, edited, principles } = item;
      edited.forEach((image, j) => {
        const key = judgementKey({
          judgeId: judge.id,
          judgeFingerprint,
          sourceHash: source.hash,
          editedHash: image.hash,
          instruction: item.instruction,
          principles,
          samples,
          seed,
        });
        const hit = cache.get(key);
        if (hit) {
          metrics.cacheHits.inc();
          rewardsOf[i]![j] = hit;
        } else {
          metrics.cacheMisses.inc();
          misses.push({
            item: i,
            edit: j,
            key,
            source,
            edited: image,
            instruction: item.instruction,
            principles,
          });
        }
      });
    });

    signal.throwIfAborted();
    queue.admit(misses.length);
    await Promise.all(
      misses.map((edit) => {
        const queued = performance.now();
        return queue.run(async () => {
          const started = performance.now();
          const reward = await judgeEdit(edit, samples, seed, signal);
          timing.recordEdit(started - queued, performance.now() - started);
          cache.set(edit.key, reward);
          rewardsOf[edit.item]![edit.edit] = reward;
        }, signal);
      }),
    );
    return { results: loaded.map((item, i) => ({ id: item.id, rewards: rewardsOf[i]! })) };
  }

  /**
   * Not async, and nothing refers to the request once its images are loaded: a group waits in the
   * queue holding its images as bytes, off the JS heap, and not also as the request's strings (over a
   * megabyte for a group), which every young-generation collection would copy until the answer.
   */
  function rewards(
    request: RewardsRequest,
    signal: AbortSignal,
    timing = new RequestTiming(),
  ): Promise<RewardsResponse> {
    const { samples = 1, seed } = request;
    const started = performance.now();
    return loadItems(request, signal).then((loaded) => {
      timing.imagesMs = performance.now() - started;
      return judgeItems(loaded, samples, seed, signal, timing);
    });
  }

  async function decompose(
    request: { source: string; instruction: string },
    signal: AbortSignal,
  ): Promise<{ principles: Principle[] }> {
    const source = await images.resolve(request.source, 'source');
    return { principles: await principlesFor(source, request.instruction, signal) };
  }

  return { rewards, decompose, queue };
}

export type RewardService = ReturnType<typeof createRewardService>;

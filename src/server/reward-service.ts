import {
  BackendError,
  checkPrinciples,
  judgementKey,
  ParseError,
  type Decomposer,
  type Judge,
  type Principle,
} from '../core/index.js';
import type { LoadedImage } from '../images/index.js';
import { SampleParseError } from '../rrm/index.js';
import { EditQueue } from './edit-queue.js';
import { HttpError } from './http-error.js';
import type { ServerMetrics } from './metrics.js';
import type { ServerLimits } from './options.js';
import { createPrincipleCache } from './principle-cache.js';
import { RequestTiming } from './request-timing.js';
import { createImageResolver, type InlineImages } from './resolve-image.js';
import type { RewardCache } from './reward-cache.js';
import type { Reward, RewardsRequest, RewardsResponse } from './schemas.js';
import { toReward } from './to-reward.js';

/**
 * Lets the chat requests just handed to node:http leave before the next edit is read: the client
 * attaches a request to its socket in a process.nextTick, and ticks run only once the microtask queue
 * is empty, which a loop of awaits never lets it be. Without this, a group's requests all left
 * together, after its last edit had been read.
 */
const letRequestsOut = () => new Promise<void>((resolve) => process.nextTick(resolve));

/**
 * Requests let out together, after a request's first, which goes alone and at once. Each time they are,
 * the backend's process wakes to read them; one at a time, those wakings and the socket writes slowed
 * the reading of the next edits more than sending early gained. Measured in runs that alternated two
 * settings by request (one client, 80 groups of 16, the stand-in of bench:server), the median group's
 * last reply came, with four together, 4.5 ms sooner than with one, 2.7 ms sooner than with two and
 * 2.4 ms sooner than with eight; all sixteen at the end was 1.3 ms later than one at a time. The first
 * alone: the backend, which reads a group's requests one after another, starts on it sooner (with the
 * first among four, the median group's first request was written 5.9 ms after its body was read; alone,
 * 2.9 ms; timestamps in the server at bench:server's light load).
 */
const REQUESTS_LET_OUT_TOGETHER = 4;

/**
 * Edits read ahead of the one being queued, from the second on. A PNG's header is read on the thread
 * pool (four threads by default), so reading one at a time would leave three idle; a JPEG's is read here
 * and at once, so reading every edit ahead would put all their decoding and hashing before the group's
 * first request, and the first is read alone for the same reason.
 */
const READ_AHEAD = 4;

export interface RewardServiceOptions {
  judge: Judge;
  decomposer: Decomposer;
  judgeFingerprint: string;
  allowHosts: readonly string[];
  limits: ServerLimits;
  cache: RewardCache;
  metrics: ServerMetrics;
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
      const where = `items[${edit.item}].edited[${edit.edit}]`;
      if (error instanceof Error) error.message = `${where}: ${error.message}`;
      if (error instanceof BackendError && error.summary !== undefined)
        error.summary = `${where}: ${error.summary}`;
      throw error;
    }
  }

  function checkImageCount(request: RewardsRequest): void {
    const imageCount = request.items.reduce((n, item) => n + 1 + item.edited.length, 0);
    if (imageCount > limits.imagesPerRequest) {
      throw new HttpError(
        413,
        'payload_too_large',
        `the request has ${imageCount} images, over the limit of ${limits.imagesPerRequest}; split it into smaller requests`,
      );
    }
  }

  /**
   * Scores a request's edits: each is answered from the cache or judged through the queue.
   *
   * When the queue can promise room for every edit, an edit is queued as soon as its image is read (the
   * request's edits in order, a few read ahead), so a group's first chat requests are at the backend
   * while its other images are still being read and hashed. Otherwise all images are read first and
   * only the edits the cache does not answer are admitted, all together or not at all.
   *
   * Not async, and nothing refers to the request or its body once its images are loaded: a group
   * waits in the queue holding only the images it loaded, not also the request's strings (which every
   * young-generation collection would copy until the answer) or the body its inline images are views
   * of (over a megabyte for a group).
   */
  function rewards(
    request: RewardsRequest,
    signal: AbortSignal,
    timing = new RequestTiming(),
    inline?: InlineImages,
  ): Promise<RewardsResponse> {
    const { samples = 1, seed } = request;
    // Closures below share this function's variables, and the edits' closures live until the answer:
    // the body's views are reached through this one, let go once the images are read.
    let bodyImages = inline;
    checkImageCount(request);
    const reservation = queue.reserve(request.items.reduce((n, item) => n + item.edited.length, 0));
    const started = performance.now();
    const rewardsOf: Reward[][] = request.items.map(() => []);
    const judged: Promise<void>[] = [];
    const misses: PendingEdit[] = [];
    // An edit sent twice in one request (a policy that collapsed to one output) is judged once: where
    // each key is judged first, and the places that take a copy of its reward.
    const firstJudged = new Map<string, { item: number; edit: number }>();
    const copies: { item: number; edit: number; key: string }[] = [];

    function judgeThrough(run: EditQueue['run'], edit: PendingEdit): void {
      const queued = performance.now();
      const done = run(async () => {
        const began = performance.now();
        const reward = await judgeEdit(edit, samples, seed, signal);
        timing.recordEdit(began - queued, performance.now() - began);
        cache.set(edit.key, reward);
        rewardsOf[edit.item]![edit.edit] = reward;
      }, signal);
      // Awaited below with the rest; until then, a failure must not count as unhandled.
      done.catch(() => {});
      judged.push(done);
    }

    // Sources (and principles, which a decomposer may take seconds over) for all items side by side;
    // then the edits in order, each queued as soon as it is read.
    const loading = Promise.all(
      request.items.map(async (item, i) => {
        const source = await images.resolve(item.source, `items[${i}].source`, bodyImages, signal);
        const given = item.principles ?? (await principlesFor(source, item.instruction, signal));
        // Checked (and frozen) once here, the judge takes them as they are for each of the item's edits;
        // a list that fails goes as it is, for the judge to refuse with its reason.
        const checked = checkPrinciples(given);
        const principles = checked.success ? checked.data : given;
        return {
          id: item.id ?? String(i),
          instruction: item.instruction,
          edited: item.edited,
          source,
          principles,
        };
      }),
    ).then(async (items) => {
      const order = items.flatMap((item, i) => item.edited.map((ref, j) => ({ i, j, ref })));
      const reads: Promise<LoadedImage>[] = [];
      const startReading = ({ i, j, ref }: (typeof order)[number]) => {
        const read = images.resolve(ref, `items[${i}].edited[${j}]`, bodyImages, signal);
        // Awaited in its turn, unless an earlier edit fails the request first.
        read.catch(() => {});
        return read;
      };
      let heldBack = 0;
      for (const [k, { i, j }] of order.entries()) {
        signal.throwIfAborted();
        const readTo = k === 0 ? 1 : k + READ_AHEAD;
        for (let next = k; next < Math.min(order.length, readTo); next++) {
          reads[next] ??= startReading(order[next]!);
        }
        const { instruction, source, principles } = items[i]!;
        const edited = await reads[k]!;
        const key = judgementKey({
          judgeId: judge.id,
          judgeFingerprint,
          sourceHash: source.hash,
          editedHash: edited.hash,
          instruction,
          principles,
          samples,
          seed,
        });
        const hit = cache.get(key);
        if (hit) {
          metrics.cacheHits.inc();
          rewardsOf[i]![j] = hit;
          reservation?.returnOne();
          continue;
        }
        if (firstJudged.has(key)) {
          metrics.cacheHits.inc();
          copies.push({ item: i, edit: j, key });
          reservation?.returnOne();
          continue;
        }
        firstJudged.set(key, { item: i, edit: j });
        metrics.cacheMisses.inc();
        const edit = { item: i, edit: j, key, source, edited, instruction, principles };
        if (!reservation) {
          misses.push(edit);
          continue;
        }
        judgeThrough(reservation.run, edit);
        // The request's first goes out alone and at once: the backend starts on it while the rest are read.
        if (++heldBack === (judged.length === 1 ? 1 : REQUESTS_LET_OUT_TOGETHER)) {
          heldBack = 0;
          await letRequestsOut();
        }
      }
      return items.map((item) => item.id);
    });

    return loading
      .finally(() => (bodyImages = undefined))
      .then(async (ids) => {
        timing.imagesMs = performance.now() - started;
        if (!reservation) {
          signal.throwIfAborted();
          queue.admit(misses.length);
          for (const edit of misses) judgeThrough(queue.run.bind(queue), edit);
        }
        await Promise.all(judged);
        for (const { item, edit, key } of copies) {
          const first = firstJudged.get(key)!;
          rewardsOf[item]![edit] = rewardsOf[first.item]![first.edit]!;
        }
        return { results: ids.map((id, i) => ({ id, rewards: rewardsOf[i]! })) };
      })
      .finally(() => reservation?.close());
  }

  async function decompose(
    request: { source: string; instruction: string },
    signal: AbortSignal,
    inline?: InlineImages,
  ): Promise<{ principles: Principle[] }> {
    const source = await images.resolve(request.source, 'source', inline, signal);
    return { principles: await principlesFor(source, request.instruction, signal) };
  }

  return { rewards, decompose, queue };
}

export type RewardService = ReturnType<typeof createRewardService>;

import pLimit from 'p-limit';
import { createRng, judgementKey, UsageError, type Judge, type JudgeInput } from '../core/index.js';
import { imageDigest } from './image-digest.js';
import { judgeEdit } from './judge-edit.js';
import { readPairsFile, type PairOnLine } from './read-pairs.js';
import { summarizeBench } from './summarize-bench.js';
import type { BenchPairResult, BenchResult, EditJudgement } from './types.js';
import { VerdictCache } from './verdict-cache.js';

export interface RunBenchOptions {
  /** A pairs.jsonl file (core PairSchema, one a line). */
  pairsFile: string;
  judge: Judge;
  /** Judgements per edit; the score is their mean. Default 1. */
  samples?: number;
  /** Passed to the judge with every call, and seeds the bootstrap. */
  seed?: number;
  /** Edits judged at once. Default 4. */
  concurrency?: number;
  /** Verdict cache (JSON lines); default `<pairsFile>.verdicts.jsonl`; false: none. */
  cacheFile?: string | false;
  /** The judge's settings as a string (model, prompt, temperature...): part of the cache key. Default ''. */
  judgeFingerprint?: string;
  /** Bootstrap resamples. Default 1000. */
  resamples?: number;
  /** Called after each edit is judged (or found in the cache, or failed); total = 2 x pairs. */
  onProgress?: (done: number, total: number) => void;
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`${name} must be an integer of at least 1, got ${value}`);
  }
  return value;
}

/** Error text for a failed edit, naming which one. */
function failureText(side: 'a' | 'b', error: unknown): string {
  return `edit ${side}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Runs a judge over a pairs file and scores it as a reward-model benchmark: reads and validates the
 * pairs -> judges (source, a) and (source, b) of each, with the pair's principles when it has them ->
 * strict, tie-aware and macro accuracy with bootstrap intervals. An edit that fails (unreadable image,
 * backend error, unparseable reply) fails its pair, which is counted and kept with its message; the run
 * goes on. Every judgement is appended to the cache as it is made, and the same edit appearing in
 * several pairs is judged once.
 */
export async function runBench(options: RunBenchOptions): Promise<BenchResult> {
  const { judge, onProgress } = options;
  const samples = positiveInteger('samples', options.samples ?? 1);
  const concurrency = positiveInteger('concurrency', options.concurrency ?? 4);
  const judgeFingerprint = options.judgeFingerprint ?? '';
  const lines = await readPairsFile(options.pairsFile);
  const cache = await VerdictCache.open(
    options.cacheFile === false ? undefined : (options.cacheFile ?? `${options.pairsFile}.verdicts.jsonl`),
  );

  const digests = new Map<string, Promise<string>>();
  const digestOf = (ref: string): Promise<string> => {
    let digest = digests.get(ref);
    if (!digest) digests.set(ref, (digest = imageDigest(ref)));
    return digest;
  };
  const inFlight = new Map<string, Promise<EditJudgement>>();
  const limit = pLimit(concurrency);
  const total = lines.length * 2;
  let done = 0;

  const judgeOne = (input: JudgeInput & { source: string; edited: string }) =>
    limit(async () => {
      try {
        const [sourceDigest, editedDigest] = await Promise.all([
          digestOf(input.source),
          digestOf(input.edited),
        ]);
        const key = judgementKey({
          judgeId: judge.id,
          judgeFingerprint,
          sourceHash: sourceDigest,
          editedHash: editedDigest,
          instruction: input.instruction,
          principles: input.principles,
          samples,
          seed: options.seed,
        });
        const cached = cache.get(key);
        if (cached) return cached;
        let pending = inFlight.get(key);
        if (!pending) {
          pending = judgeEdit(judge, input, samples, options.seed).then((judged) => {
            cache.put(key, judged);
            return judged;
          });
          inFlight.set(key, pending);
          // A failure is not remembered: another pair with the same edit tries again.
          pending.catch(() => inFlight.delete(key));
        }
        return await pending;
      } finally {
        onProgress?.(++done, total);
      }
    });

  const judgePair = async ({ pair, line }: PairOnLine): Promise<BenchPairResult> => {
    const fields = {
      id: pair.id,
      line,
      category: pair.category,
      instruction: pair.instruction,
      preference: pair.preference,
      source: pair.source,
      a: pair.a,
      b: pair.b,
    };
    const common = { source: pair.source, instruction: pair.instruction, principles: pair.principles };
    const [a, b] = await Promise.allSettled([
      judgeOne({ ...common, edited: pair.a }),
      judgeOne({ ...common, edited: pair.b }),
    ]);
    if (a.status === 'rejected')
      return { ...fields, status: 'failed', error: failureText('a', a.reason), cause: a.reason };
    if (b.status === 'rejected')
      return { ...fields, status: 'failed', error: failureText('b', b.reason), cause: b.reason };
    return { ...fields, status: 'ok', judgedA: a.value, judgedB: b.value };
  };

  const pairs = await Promise.all(lines.map(judgePair));
  await cache.flush();
  const summary = summarizeBench(pairs, judge.id, {
    rng: createRng(options.seed ?? 0),
    resamples: options.resamples,
  });
  return { ...summary, pairs };
}

// The embedded judge held to EditWorld's oracle: pairwise accuracy of at least 0.90 on 1,000 pairs from
// a seed no other test uses and the judge was never tuned on. The oracle's labels are used as they
// are (no annotator noise), and the run goes through the user's path: a pairs file on disk, `runBench`.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runBench } from '../src/bench/index.js';
import { createEmbeddedJudge } from '../src/rrm/embedded/index.js';
import { DEFAULT_FAILURE_MIX, writeWorld } from '../src/world/index.js';

const HELD_OUT_SEED = 8_675_309;
const PAIRS = 1000;
const MIN_ACCURACY = 0.9;

test(`the embedded judge agrees with the oracle on >= ${MIN_ACCURACY * 100}% of ${PAIRS} held-out pairs`, async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-world-accuracy-'));
  try {
    await writeWorld(dir, {
      pairs: PAIRS,
      seed: HELD_OUT_SEED,
      size: 256,
      candidatesPerSource: 3,
      mix: DEFAULT_FAILURE_MIX,
      noise: 0,
      sameMargin: 0.5,
    });
    const result = await runBench({
      pairsFile: join(dir, 'pairs.jsonl'),
      judge: createEmbeddedJudge(),
      cacheFile: false,
      seed: 1,
    });
    const perCategory = Object.entries(result.perCategory)
      .map(([name, g]) => `${name} ${g.accuracy === null ? 'n/a' : g.accuracy.toFixed(3)} (${g.n})`)
      .join(', ');
    const summary = `strict ${result.accuracy?.toFixed(3)} over ${result.n} a/b pairs (${result.same} same, ${result.failed} failed); ${perCategory}`;
    t.diagnostic(summary);
    assert.equal(result.failed, 0, summary);
    assert.ok(result.n >= 0.6 * PAIRS, `too few a/b pairs: ${summary}`);
    assert.ok(result.accuracy !== null && result.accuracy >= MIN_ACCURACY, summary);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readPairsFile } from '../../bench/index.js';
import { RRM_GLOBAL_FEATURES } from './global-features.js';
import { POINT_FEATURES } from './principle-features.js';
import { RrmFeaturizer } from './rrm-featurizer.js';
import { smallWorld } from './test-world.js';

describe('RrmFeaturizer', async () => {
  const world = await smallWorld(6, 3);
  const [first] = await readPairsFile(world.pairsFile);
  const pair = first!.pair;
  const quad = {
    source: pair.source,
    edited: pair.a,
    instruction: pair.instruction,
    principles: pair.principles!,
  };

  it('gives fixed-size rows, the same for the same quadruple, and computes them once', async () => {
    const featurizer = new RrmFeaturizer();
    const x = await featurizer.features(quad);
    assert.equal(x.points.length, pair.principles!.length);
    assert.ok(x.points.every((row) => row.length === POINT_FEATURES && row.every(Number.isFinite)));
    assert.equal(x.global.length, RRM_GLOBAL_FEATURES);
    const again = await featurizer.features({ ...quad });
    assert.deepEqual(again, x);
    assert.deepEqual(featurizer.stats, { sceneParses: 2, computed: 1, cacheHits: 1 });
    // A fresh featurizer computes the same numbers: features are deterministic.
    assert.deepEqual(await new RrmFeaturizer().features(quad), x);
  });

  it('parses a source once for all its edits', async () => {
    const featurizer = new RrmFeaturizer();
    await featurizer.features(quad);
    await featurizer.features({ ...quad, edited: pair.b });
    assert.equal(featurizer.stats.sceneParses, 3);
    assert.equal(featurizer.stats.computed, 2);
  });

  it('refuses a quadruple without principles', async () => {
    await assert.rejects(new RrmFeaturizer().features({ ...quad, principles: [] }), /at least one principle/);
  });
});

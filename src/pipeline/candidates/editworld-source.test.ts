import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createRng } from '../../core/index.js';
import {
  DEFAULT_FAILURE_MIX,
  FAILURE_MODES,
  drawFailure,
  makeCandidate,
  oracleScore,
  type FailureMode,
} from '../../world/index.js';
import { makeWorldInputs } from '../inputs/index.js';
import { candidateSeed, createEditWorldSource } from './editworld-source.js';
import { oracleGold } from './oracle-gold.js';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const only = (mode: FailureMode) =>
  Object.fromEntries(FAILURE_MODES.map((m) => [m, m === mode ? 1 : 0])) as Record<FailureMode, number>;
const config = (mix = DEFAULT_FAILURE_MIX) => ({
  name: 'world',
  type: 'editworld' as const,
  perInput: 3,
  mix,
});

describe('editworld candidate source', () => {
  test('renders perInput candidates as PNG under their sha256, byte-identical for the same seed', async () => {
    const [a, b] = [await mkdtemp(join(tmpdir(), 'ewa-')), await mkdtemp(join(tmpdir(), 'ewb-'))];
    const inputs = await makeWorldInputs({ seed: 3, sources: 2, size: 64 }, a);
    const source = createEditWorldSource(config(), 11);
    const input = inputs[0]!;
    const plan = source.plan(input);
    assert.deepEqual(
      plan.map((p) => p.candidateId),
      ['1', '2', '3'],
    );
    assert.deepEqual(plan[2]?.parts, {
      source: 'world',
      type: 'editworld',
      inputId: input.id,
      sourceSha256: input.sourceSha256,
      instruction: input.instruction,
      seed: 11,
      index: 2,
      mix: DEFAULT_FAILURE_MIX,
      size: 64,
    });
    const first = await Promise.all(
      plan.map((p) => source.run(input, p.candidateId, { workDir: a, backends: {} })),
    );
    const again = await Promise.all(
      plan.map((p) => source.run(input, p.candidateId, { workDir: b, backends: {} })),
    );
    for (const [i, result] of first.entries()) {
      const bytes = await readFile(result.edited);
      assert.equal(result.edited, join(a, 'candidates', `${result.sha256}.png`));
      assert.equal(result.sha256, sha256(bytes));
      assert.ok((await readFile(again[i]!.edited)).equals(bytes));
      assert.equal(result.oracleGold?.length, input.principles?.length);
    }
    const other = await createEditWorldSource(config(), 12).run(input, '1', { workDir: b, backends: {} });
    assert.equal(typeof other.sha256, 'string');
    assert.deepEqual((await readdir(join(a, 'candidates'))).length, new Set(first.map((r) => r.sha256)).size);
  });

  test("oracleGold is the oracle's 0/1 per principle, from the candidate the seed makes", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ewg-'));
    const [input] = await makeWorldInputs({ seed: 5, sources: 1, size: 64 }, dir);
    assert.ok(input?.world);
    const result = await createEditWorldSource(config(), 1).run(input, '2', { workDir: dir, backends: {} });
    const rng = createRng(candidateSeed(1, input.id, 1));
    const candidate = makeCandidate(
      input.world.scene,
      input.world.edit,
      drawFailure(DEFAULT_FAILURE_MIX, rng),
      rng,
    );
    const truth = oracleScore(input.world.scene, input.world.edit, candidate);
    assert.deepEqual(
      result.oracleGold?.map((g) => [g.question, g.gold]),
      truth.points.map((p) => [p.question, p.score]),
    );
  });

  test('a perfect edit passes every principle and a no-op fails the core ask (the move), each with a reason', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ewp-'));
    const [input] = await makeWorldInputs({ seed: 9, sources: 1, size: 64 }, dir);
    assert.ok(input?.world);
    const world = input.world;
    const perfect = oracleGold(world, makeCandidate(world.scene, world.edit, 'perfect', createRng(1)));
    assert.ok(perfect.every((g) => g.gold === 1));
    assert.match(
      perfect[0]!.reason,
      /^Yes: the [a-z-]+ check holds on the true scenes \(the editor did exactly what was asked\)\.$/,
    );
    const noOp = oracleGold(world, makeCandidate(world.scene, world.edit, 'no-op', createRng(1)));
    const following = world.edit.principles.flatMap((p, i) =>
      p.category === 'instruction-following' ? [noOp[i]!] : [],
    );
    assert.equal(world.edit.category, 'motion_change');
    assert.equal(following[0]?.gold, 0);
    assert.match(
      following[0]!.reason,
      /^No: the object-moved check fails on the true scenes \(the editor returned the source unchanged/,
    );
  });

  test('the candidate seed is fixed by (run seed, input id, index) alone', () => {
    assert.equal(candidateSeed(1, 's0001', 0), candidateSeed(1, 's0001', 0));
    const seeds = new Set([
      candidateSeed(1, 's0001', 0),
      candidateSeed(2, 's0001', 0),
      candidateSeed(1, 's0002', 0),
      candidateSeed(1, 's0001', 1),
    ]);
    assert.equal(seeds.size, 4);
    const onlyNoOp = createEditWorldSource(config(only('no-op')), 1);
    assert.equal(onlyNoOp.resource, 'local');
  });
});

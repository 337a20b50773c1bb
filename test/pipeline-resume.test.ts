// Resume after kill -9: `pipeline run` is killed at random points in every stage while the stage is
// partly done, and run again until it finishes. The export must be byte-identical to an uninterrupted
// run's, and the stand-in VLM must never be asked again for work whose result was already stored.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn, setTimeout as delay } from 'node:timers/promises';
import { test } from 'node:test';
import { createRng } from '../src/core/index.js';
import { STAGES, type StageCounts, type StageName } from '../src/pipeline/index.js';
import {
  cli,
  finishedSeeds,
  folderDigest,
  openOwnStore,
  repeatedSeeds,
  spawnCli,
  stageCounts,
  startPipelineStandIn,
  writeStandInConfig,
} from './pipeline-fixtures.js';

/** The test's seed for where the kills land; printed, so a failure can be replayed. */
const KILL_SEED = Number(process.env.PIPELINE_RESUME_SEED ?? Date.now() % 1_000_000);
const RUN = { sources: 6, perInput: 2, concurrency: 2 };
/** Long enough per request that a kill lands mid-stage, short enough for a quick test. */
const STAND_IN_DELAY_MS = 40;
/** A killed worker's units are claimable again after this (the default minute would only slow the test). */
const LEASE_MS = '1500';
const POLL_MS = 5;
/** The longest a stepped process runs between two looks when the store does not change. */
const STEP_MS = 5;
const MOST_ATTEMPTS = 30;

/** Returns once the store's counts differ from `seen` (the process at work), or after STEP_MS. */
async function untilStoreChanges(
  store: { counts(): Promise<StageCounts[]> },
  seen: StageCounts[],
  ended: () => boolean,
): Promise<void> {
  const before = JSON.stringify(seen);
  const until = performance.now() + STEP_MS;
  while (!ended() && performance.now() < until) {
    // A turn of the event loop each time: the stand-in the process is waiting on answers from it.
    await nextTurn();
    if (JSON.stringify(await store.counts()) !== before) return;
  }
}

test('kill -9 in every stage, rerun until done: the same export, and no finished work asked again', async (t) => {
  t.diagnostic(`kill seed ${KILL_SEED} (PIPELINE_RESUME_SEED=${KILL_SEED} replays it)`);
  const rng = createRng(KILL_SEED);
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-pipeline-resume-'));
  const baselineStandIn = await startPipelineStandIn(STAND_IN_DELAY_MS);
  const standIn = await startPipelineStandIn(STAND_IN_DELAY_MS);
  try {
    // The uninterrupted run, in a folder of its own.
    const baseline = await writeStandInConfig(join(dir, 'baseline'), {
      ...RUN,
      baseURL: baselineStandIn.baseURL,
    });
    await cli(['pipeline', 'run', '--config', baseline]);
    await cli([
      'pipeline',
      'export',
      '--config',
      baseline,
      '--format',
      'llamafactory',
      '--out',
      join(dir, 'a'),
    ]);

    const config = await writeStandInConfig(join(dir, 'resumed'), { ...RUN, baseURL: standIn.baseURL });
    const store = await openOwnStore(`sqlite:${join(dir, 'resumed', 'pipeline.sqlite')}`);
    t.after(() => store.close());

    const killedIn: StageName[] = [];
    /** Seeds whose results were stored before each kill: none of them may be asked for again. */
    const finishedBy: { requestsBefore: number; seeds: Set<number> }[] = [];
    const targets = [...STAGES];
    const open = (c: StageCounts) => c.pending + c.running;
    let finished = false;
    for (let attempt = 0; attempt < MOST_ATTEMPTS && !finished; attempt++) {
      const started = performance.now();
      // What was done before this attempt: a kill counts only once this process has done some of its stage.
      const before = await store.counts();
      const run = spawnCli(['pipeline', 'run', '--config', config, '--lease-ms', LEASE_MS]);
      let ended = false;
      void run.exited.then(() => (ended = true));
      // Kill when the target stage's done share passes a random point strictly inside it.
      let point = 0.15 + 0.7 * rng.next();
      let killed: StageName | undefined;
      // Once stepping, the process runs only between a SIGCONT and the next look's SIGSTOP (a few ms).
      let stepping = false;
      while (!ended && killed === undefined) {
        const target = targets[0];
        if (target === undefined) {
          await delay(POLL_MS);
          continue;
        }
        // Once the target stage has units, look with the process stopped: what is seen is what it is
        // killed in. Stepping starts while the stage before it still has work, not when the target's
        // first units are queued: a local stage's unit (select) can be queued and done within one
        // poll, and is caught midway only if the process is already being stepped. A stepped process
        // runs only until the store changes (see below) and is stopped before it is read again: the
        // last few units of a local stage (candidate, left running by a killed process) take a few
        // milliseconds in all, less than a timer's wait on a busy machine.
        if (stepping) run.child.kill('SIGSTOP');
        const doneBefore = stageCounts(before, target).done;
        const seen = await store.counts();
        const now = stageCounts(seen, target);
        const previous = STAGES[STAGES.indexOf(target) - 1];
        const sampling: boolean =
          stepping ||
          open(now) > 0 ||
          now.done > doneBefore ||
          (previous !== undefined && open(stageCounts(seen, previous)) > 0);
        if (sampling && !stepping) run.child.kill('SIGSTOP');
        const counts = await store.counts();
        const c = stageCounts(counts, target);
        const all = open(c) + c.done + c.failed;
        // Units of a stage finish together as often as not (`concurrency` of them started together), so
        // the point is held to where `concurrency` units are still open, a state the stage passes through.
        const threshold = Math.min(point, (all - RUN.concurrency) / all);
        if (open(c) > 0 && c.done > doneBefore && c.done / all >= threshold) {
          run.child.kill('SIGKILL');
          killed = target;
          break;
        }
        if (sampling) run.child.kill('SIGCONT');
        stepping = sampling;
        // No unit of the target stage can appear any more: nothing up to it is open. It was missed.
        const upTo = STAGES.slice(0, STAGES.indexOf(target) + 1);
        if (all > 0 && upTo.every((stage) => open(stageCounts(counts, stage)) === 0)) {
          targets.shift();
          point = 0.15 + 0.7 * rng.next();
        }
        if (sampling) await untilStoreChanges(store, counts, () => ended);
        else await delay(POLL_MS);
      }
      const result = await run.exited;
      t.diagnostic(
        `attempt ${attempt + 1}: ${killed === undefined ? 'ran to the end' : `killed in ${killed}`} after ${Math.round(performance.now() - started)} ms`,
      );
      if (killed !== undefined) {
        assert.equal(result.signal, 'SIGKILL');
        killedIn.push(killed);
        targets.shift();
        const seeds = new Set((await finishedSeeds(store)).values());
        finishedBy.push({ requestsBefore: standIn.requests.length, seeds });
      } else {
        assert.equal(result.code, 0, `${result.out}\n${result.err}`);
        finished = true;
      }
    }
    assert.ok(finished, `the run did not finish in ${MOST_ATTEMPTS} attempts`);
    t.diagnostic(`killed in: ${killedIn.join(', ')}`);
    assert.ok(
      new Set(killedIn).size >= 5,
      `killed in ${new Set(killedIn).size} different stages (${killedIn.join(', ')}): want all 5`,
    );

    // No request for work that had finished before a kill, in any later attempt.
    for (const [k, { requestsBefore, seeds }] of finishedBy.entries()) {
      assert.ok(seeds.size > 0 || k === 0, `nothing had finished by kill ${k + 1}`);
      const later = standIn.requests.slice(requestsBefore);
      const repeated = later.filter((r) => r.seed !== undefined && seeds.has(r.seed));
      assert.deepEqual(
        repeated.map((r) => r.seed),
        [],
        `after kill ${k + 1} (in ${killedIn[k]}) the stand-in was asked again for finished work`,
      );
    }
    // Every stored result came from a request the stand-in served, and each unit's seed is its own.
    const seeds = await finishedSeeds(store);
    const asked = new Set(standIn.requests.map((r) => r.seed));
    for (const seed of seeds.values()) assert.ok(asked.has(seed), `stored seed ${seed} was never asked`);
    assert.equal(new Set(seeds.values()).size, seeds.size);
    // The uninterrupted run asked each unit once; the resumed one asked at most the units in flight again.
    assert.deepEqual(repeatedSeeds(baselineStandIn.requests.map((r) => r.seed)), new Map());
    assert.equal(seeds.size, baselineStandIn.requests.length);

    const counts = await store.counts();
    for (const c of counts) assert.deepEqual([c.stage, c.pending, c.running, c.failed], [c.stage, 0, 0, 0]);
    await cli([
      'pipeline',
      'export',
      '--config',
      config,
      '--format',
      'llamafactory',
      '--out',
      join(dir, 'b'),
    ]);
    const [a, b] = [await folderDigest(join(dir, 'a')), await folderDigest(join(dir, 'b'))];
    assert.ok(a.size > 3, `the export has ${a.size} files`);
    assert.deepEqual(b, a);
  } finally {
    await Promise.all([baselineStandIn.close(), standIn.close()]);
    await rm(dir, { recursive: true, force: true });
  }
});

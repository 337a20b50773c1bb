// Several `pipeline worker` processes on one PostgreSQL store share the work: together they make the
// same export as one worker, and no unit is done twice (the stand-in serves every seed once, and the
// store ends with every unit done, none failed or left over).
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { postgresSkip, startPostgres, type PostgresServer } from '../src/testing/index.js';
import {
  cli,
  finishedSeeds,
  folderDigest,
  openOwnStore,
  repeatedSeeds,
  spawnCli,
  startPipelineStandIn,
  writeStandInConfig,
} from './pipeline-fixtures.js';

const RUN = { sources: 6, perInput: 2, concurrency: 4 };
const STAND_IN_DELAY_MS = 15;
const skip = postgresSkip();

let postgres: PostgresServer | undefined;
let dir = '';

before(async () => {
  if (skip) return;
  postgres = await startPostgres();
  dir = await mkdtemp(join(tmpdir(), 'edit-r1-pipeline-workers-'));
});

after(async () => {
  await postgres?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface WorkersRun {
  /** SHA-256 of every file of the llamafactory export, by path. */
  export: Map<string, string>;
  seeds: (number | undefined)[];
  /** How many workers did some of the work (completed at least one unit). */
  busyWorkers: number;
}

/** `init`, then `workers` worker processes at once on a fresh schema, then `export`. */
async function runWorkers(name: string, workers: number): Promise<WorkersRun> {
  const standIn = await startPipelineStandIn(STAND_IN_DELAY_MS);
  try {
    const url = await postgres!.freshUrl();
    // Each case has its own folder (its images and export); the configs differ only in the stand-in's port.
    const config = await writeStandInConfig(join(dir, name), {
      ...RUN,
      baseURL: standIn.baseURL,
      store: url,
    });
    await cli(['pipeline', 'init', '--config', config]);
    const results = await Promise.all(
      Array.from(
        { length: workers },
        (_, i) => spawnCli(['pipeline', 'worker', '--config', config, '--worker', `${name}-${i}`]).exited,
      ),
    );
    for (const result of results) assert.equal(result.code, 0, `${result.out}\n${result.err}`);
    const busyWorkers = results.filter((r) => !/finished in .*: 0 units completed/.test(r.out)).length;

    const store = await openOwnStore(url);
    try {
      for (const c of await store.counts()) {
        assert.deepEqual([c.stage, c.pending, c.running, c.failed], [c.stage, 0, 0, 0]);
      }
      // Every served request is a unit's result in the store, and each seed was served once.
      const seeds = standIn.requests.map((r) => r.seed);
      assert.deepEqual(repeatedSeeds(seeds), new Map(), `${name}: a seed was served twice`);
      const stored = await finishedSeeds(store);
      assert.deepEqual([...stored.values()].sort(), [...new Set(seeds)].sort());
    } finally {
      await store.close();
    }
    const out = join(dir, name, 'export');
    await cli(['pipeline', 'export', '--config', config, '--format', 'llamafactory', '--out', out]);
    return { export: await folderDigest(out), seeds: standIn.requests.map((r) => r.seed), busyWorkers };
  } finally {
    await standIn.close();
  }
}

test(
  '2 and 4 workers on one PostgreSQL store make the export one worker makes, each unit done once',
  { skip },
  async (t) => {
    const one = await runWorkers('one', 1);
    assert.ok(one.export.size > 3, `the export has ${one.export.size} files`);
    for (const workers of [2, 4]) {
      const many = await runWorkers(`w${workers}`, workers);
      t.diagnostic(
        `${workers} workers: ${many.busyWorkers} did work, ${many.seeds.length} stand-in requests`,
      );
      assert.deepEqual(many.export, one.export, `${workers} workers exported something else`);
      assert.deepEqual(
        [...many.seeds].sort(),
        [...one.seeds].sort(),
        `${workers} workers asked other requests`,
      );
      assert.ok(many.busyWorkers >= 2, `only ${many.busyWorkers} of ${workers} workers did any work`);
    }
  },
);

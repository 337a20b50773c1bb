import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, test, type TestContext } from 'node:test';
import type { NewUnit, PipelineStore } from '../types.js';
import { openStore, type OpenStoreOptions } from './index.js';
import { testBackends } from './store-test-backends.js';

const backends = testBackends();

function units(count: number): NewUnit[] {
  return Array.from({ length: count }, (_, i) => ({
    key: `u${String(i).padStart(5, '0')}`,
    stage: 'trace',
    inputId: `in-${i % 7}`,
    resource: i % 2 === 0 ? 'qwen' : 'local',
    payload: { i },
  }));
}

/** Claims and completes until nothing is left to claim; returns the keys this worker got. */
async function drain(store: PipelineStore, worker: string, limit: number): Promise<string[]> {
  const got: string[] = [];
  for (;;) {
    const batch = await store.claim({ worker, limit, leaseMs: 600_000 });
    if (batch.length === 0) return got;
    for (const unit of batch) {
      got.push(unit.key);
      assert.equal(await store.complete(unit.key, worker, { by: worker }, undefined, []), true);
    }
  }
}

for (const backend of backends) {
  describe(`concurrent stores on ${backend.kind}`, { skip: backend.skip }, () => {
    async function openMany(t: TestContext, count: number, options: OpenStoreOptions = {}) {
      const url = await backend.freshUrl();
      const stores = await Promise.all(
        Array.from({ length: count }, () => openStore(url, { poolSize: 4, ...options })),
      );
      t.after(() => Promise.all(stores.map((store) => store.close())));
      // Every worker migrates at start, at the same moment.
      await Promise.all(stores.map((store) => store.migrate()));
      return stores;
    }

    test('four stores claiming 2,000 units in parallel get every unit exactly once', async (t) => {
      const stores = await openMany(t, 4);
      assert.equal(await stores[0]!.enqueue(units(2_000)), 2_000);
      const got = await Promise.all(stores.map((store, i) => drain(store, `w${i}`, 16 + 16 * i)));
      const all = got.flat();
      assert.equal(all.length, 2_000);
      assert.equal(new Set(all).size, 2_000);
      // The workers really ran side by side rather than one after another.
      assert.ok(
        got.filter((keys) => keys.length > 0).length >= 2,
        `claims per worker: ${got.map((k) => k.length)}`,
      );
      const counts = await stores[1]!.counts();
      assert.equal(counts.find((c) => c.stage === 'trace')?.done, 2_000);
      assert.equal(await stores[2]!.active(), 0);
    });

    test('four stores enqueueing the same keys in different orders insert each once', async (t) => {
      const stores = await openMany(t, 4);
      const all = units(2_000);
      const orders = [
        all,
        [...all].reverse(),
        [...all.slice(1_000), ...all.slice(0, 1_000)],
        all.filter((_, i) => i % 3 !== 0),
      ];
      const inserted = await Promise.all(stores.map((store, i) => store.enqueue(orders[i]!)));
      assert.equal(
        inserted.reduce((a, b) => a + b, 0),
        2_000,
      );
      assert.equal(await stores[3]!.active(), 2_000);
    });

    test('another store hears of enqueued and follow-up units, by resource, only once they commit', async (t) => {
      const [watcher, writer, other] = await openMany(t, 3);
      const heard: string[][] = [];
      let notify: (() => void) | undefined;
      const stop = await watcher!.watchWork((resources) => {
        heard.push([...resources].sort());
        notify?.();
      });
      if (backend.kind === 'sqlite') {
        // SQLite workers share no server to signal through: they poll.
        assert.equal(stop, null);
        return;
      }
      t.after(() => stop?.());
      const next = () => new Promise<void>((resolve) => (notify = resolve));

      let heardNext = next();
      await writer!.enqueue(units(4));
      await heardNext;
      assert.deepEqual(heard, [['local', 'qwen']]);

      // A complete whose lease was lost records nothing and announces nothing; a kept one announces its follow-ups.
      const [unit] = await writer!.claim({ worker: 'w', limit: 1, leaseMs: 60_000 });
      const followUp: NewUnit = {
        key: 'f1',
        stage: 'verify',
        inputId: 'in-0',
        resource: 'judge',
        payload: {},
      };
      assert.equal(await other!.complete(unit!.key, 'not-w', null, undefined, [followUp]), false);
      heardNext = next();
      assert.equal(await writer!.complete(unit!.key, 'w', null, undefined, [followUp]), true);
      await heardNext;
      assert.deepEqual(heard, [['local', 'qwen'], ['judge']]);

      // Units that were all there already insert nothing and announce nothing: the next one heard is 'late'.
      assert.equal(await writer!.enqueue(units(4)), 0);
      heardNext = next();
      await writer!.enqueue([{ ...followUp, key: 'f2', resource: 'late' }]);
      await heardNext;
      assert.deepEqual(heard.at(-1), ['late']);
      assert.equal(heard.length, 3);
    });

    test("a dead worker's unit is reclaimed by another store after its lease; the late complete is refused", async (t) => {
      const clock = { now: 1_000_000 };
      const [dead, alive] = await openMany(t, 2, { now: () => clock.now });
      await dead!.enqueue(units(3));
      assert.equal((await dead!.claim({ worker: 'dead', limit: 3, leaseMs: 30_000 })).length, 3);
      assert.deepEqual(await alive!.claim({ worker: 'alive', limit: 3, leaseMs: 30_000 }), []);
      clock.now += 30_001;
      const taken = await alive!.claim({ worker: 'alive', limit: 3, leaseMs: 30_000 });
      assert.deepEqual(
        taken.map((u) => u.key),
        ['u00000', 'u00001', 'u00002'],
      );
      assert.equal(await dead!.complete('u00000', 'dead', 'late', undefined, []), false);
      assert.equal(await alive!.complete('u00000', 'alive', 'fresh', undefined, []), true);
      assert.deepEqual(await dead!.done('trace'), [
        { key: 'u00000', stage: 'trace', inputId: 'in-0', payload: { i: 0 }, result: 'fresh' },
      ]);
    });

    if (backend.kind === 'sqlite') {
      test('two processes on one SQLite file never claim the same unit', async (t) => {
        const url = await backend.freshUrl();
        const store = await openStore(url);
        t.after(() => store.close());
        await store.migrate();
        await store.enqueue(units(1_000));
        const index = fileURLToPath(new URL('./index.ts', import.meta.url));
        // Each child opens the store, says ready, and waits for "go": both then claim at the same time.
        const child = `
          import { openStore } from ${JSON.stringify(index)};
          const store = await openStore(${JSON.stringify(url)});
          console.log('ready');
          await new Promise((go) => process.stdin.once('data', go));
          const got = [];
          for (;;) {
            const batch = await store.claim({ worker: String(process.pid), limit: 8, leaseMs: 600000 });
            if (batch.length === 0) break;
            for (const unit of batch) {
              got.push(unit.key);
              await store.complete(unit.key, String(process.pid), null, undefined, []);
            }
          }
          await store.close();
          console.log(JSON.stringify(got));
          process.exit(0);`;
        const children = [1, 2].map(() =>
          spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', child], {
            stdio: ['pipe', 'pipe', 'inherit'],
          }),
        );
        const outputs = children.map((proc) => {
          let out = '';
          proc.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
          const ready = new Promise<void>((resolve) => {
            const check = () => (out.includes('ready') ? resolve() : proc.stdout.once('data', check));
            check();
          });
          const exited = once(proc, 'exit').then(([code]) => {
            assert.equal(code, 0);
            return out;
          });
          return { ready, exited };
        });
        await Promise.all(outputs.map((o) => o.ready));
        for (const proc of children) proc.stdin.end('go\n');
        const got = (await Promise.all(outputs.map((o) => o.exited))).map(
          (out) => JSON.parse(out.trim().split('\n').at(-1) ?? '[]') as string[],
        );
        assert.ok(
          got.every((keys) => keys.length > 0),
          `claims per process: ${got.map((k) => k.length)}`,
        );
        const all = got.flat();
        assert.equal(all.length, 1_000);
        assert.equal(new Set(all).size, 1_000);
        assert.equal(await store.active(), 0);
      });
    }
  });
}

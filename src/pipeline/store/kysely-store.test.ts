import assert from 'node:assert/strict';
import { describe, test, type TestContext } from 'node:test';
import { UsageError } from '../../core/index.js';
import { STAGES, type NewUnit, type PipelineStore } from '../types.js';
import { openStore } from './index.js';
import { testBackends } from './store-test-backends.js';

const backends = testBackends();

/** A clock the test moves by hand: leases and retry delays run out without sleeping. */
function fakeClock(start = 1_700_000_000_000) {
  const clock = { now: start, advance: (ms: number) => (clock.now += ms) };
  return clock;
}

function unit(key: string, extra: Partial<NewUnit> = {}): NewUnit {
  return { key, stage: 'trace', inputId: 'in-1', resource: 'qwen', payload: { key }, ...extra };
}

const claimAll = { limit: 100, leaseMs: 60_000 };

for (const backend of backends) {
  describe(`store on ${backend.kind}`, { skip: backend.skip }, () => {
    async function open(t: TestContext, clock = fakeClock()): Promise<PipelineStore> {
      const store = await openStore(await backend.freshUrl(), { now: () => clock.now });
      t.after(() => store.close());
      await store.migrate();
      return store;
    }

    test('migrate is idempotent; meta values are set and replaced', async (t) => {
      const store = await open(t);
      assert.equal(store.kind, backend.kind);
      await store.migrate();
      assert.equal(await store.getMeta('fingerprint'), null);
      await store.setMeta('fingerprint', 'abc');
      await store.setMeta('fingerprint', 'def');
      assert.equal(await store.getMeta('fingerprint'), 'def');
    });

    test('enqueue inserts new keys only (batched), and never touches an existing unit', async (t) => {
      const store = await open(t);
      assert.equal(await store.enqueue([unit('a'), unit('b'), unit('a')]), 2);
      const [claimed] = await store.claim({ worker: 'w', ...claimAll, limit: 1 });
      assert.equal(claimed?.key, 'a');
      assert.equal(await store.complete('a', 'w', { ok: 1 }, undefined, []), true);
      // Re-enqueueing a done unit (a rerun of the same config) leaves it done.
      assert.equal(await store.enqueue([unit('a', { payload: 'changed' }), unit('c')]), 1);
      const a = (await store.unitsOf('in-1')).find((u) => u.key === 'a');
      assert.deepEqual(a, {
        key: 'a',
        stage: 'trace',
        inputId: 'in-1',
        status: 'done',
        payload: { key: 'a' },
        result: { ok: 1 },
      });
      // More units than one INSERT takes (500 rows a statement).
      const many = Array.from({ length: 1_234 }, (_, i) =>
        unit(`m${String(i).padStart(5, '0')}`, { inputId: 'in-2' }),
      );
      assert.equal(await store.enqueue(many), 1_234);
      assert.equal(await store.enqueue(many), 0);
      assert.equal((await store.unitsOf('in-2')).length, 1_234);
    });

    test('enqueue rejects a unit with an unknown stage, inserting none of the batch', async (t) => {
      const store = await open(t);
      await assert.rejects(
        store.enqueue([unit('a'), unit('b', { stage: 'bogus' as never })]),
        (error: unknown) => error instanceof UsageError && /stage "bogus"/.test(error.message),
      );
      assert.equal(await store.active(), 0);
    });

    test('activeResources lists the resources of pending and running units only, sorted', async (t) => {
      const store = await open(t);
      await store.enqueue([unit('q1'), unit('l1', { resource: 'local' }), unit('z1', { resource: 'zeta' })]);
      await store.claim({ worker: 'w', resources: ['local'], limit: 1, leaseMs: 5_000 });
      assert.deepEqual(await store.activeResources(), ['local', 'qwen', 'zeta']);
      const [z] = await store.claim({ worker: 'w', resources: ['zeta'], limit: 1, leaseMs: 5_000 });
      assert.ok(await store.complete(z!.key, 'w', {}, undefined, []));
      assert.deepEqual(await store.activeResources(), ['local', 'qwen']);
    });

    test('claim takes the oldest first (created, then key), up to the limit, of the given resources', async (t) => {
      const clock = fakeClock();
      const store = await open(t, clock);
      await store.enqueue([unit('k3'), unit('k1'), unit('x1', { resource: 'local' })]);
      clock.advance(10);
      await store.enqueue([unit('k0'), unit('k2')]);
      const first = await store.claim({ worker: 'w', resources: ['qwen'], limit: 2, leaseMs: 5_000 });
      assert.deepEqual(
        first.map((u) => [u.key, u.attempts, u.leaseUntil, u.resource]),
        [
          ['k1', 0, clock.now + 5_000, 'qwen'],
          ['k3', 0, clock.now + 5_000, 'qwen'],
        ],
      );
      assert.deepEqual(first[0]?.payload, { key: 'k1' });
      assert.equal(first[0]?.inputId, 'in-1');
      const rest = await store.claim({ worker: 'w', resources: ['qwen'], ...claimAll });
      assert.deepEqual(
        rest.map((u) => u.key),
        ['k0', 'k2'],
      );
      // Leased units are not handed out again; nothing of an absent resource; an empty filter takes nothing.
      assert.deepEqual(await store.claim({ worker: 'v', resources: ['qwen', 'other'], ...claimAll }), []);
      assert.deepEqual(await store.claim({ worker: 'v', resources: [], ...claimAll }), []);
      assert.deepEqual(
        (await store.claim({ worker: 'v', ...claimAll })).map((u) => u.key),
        ['x1'],
      );
    });

    test('complete records result and usage, enqueues follow-ups, and refuses a worker without the lease', async (t) => {
      const store = await open(t);
      await store.enqueue([unit('t1'), unit('t2')]);
      await store.claim({ worker: 'w', ...claimAll });
      assert.equal(await store.complete('t1', 'other', 'stolen', undefined, []), false);
      assert.equal(
        await store.complete('t1', 'w', { score: 7 }, { promptTokens: 100, completionTokens: 20 }, [
          unit('v1', { stage: 'verify', resource: 'local', payload: { of: ['t1'] } }),
        ]),
        true,
      );
      // Done units cannot be completed again, by anyone.
      assert.equal(await store.complete('t1', 'w', 'again', undefined, []), false);
      assert.equal(await store.complete('t2', 'w', null, { promptTokens: 5, completionTokens: 1 }, []), true);
      assert.deepEqual(await store.done('trace'), [
        { key: 't1', stage: 'trace', inputId: 'in-1', payload: { key: 't1' }, result: { score: 7 } },
        { key: 't2', stage: 'trace', inputId: 'in-1', payload: { key: 't2' }, result: null },
      ]);
      const verify = await store.claim({ worker: 'w', resources: ['local'], ...claimAll });
      assert.deepEqual(
        verify.map((u) => [u.key, u.stage, u.payload]),
        [['v1', 'verify', { of: ['t1'] }]],
      );
      const trace = (await store.counts()).find((c) => c.stage === 'trace');
      assert.deepEqual(trace, {
        stage: 'trace',
        pending: 0,
        running: 0,
        done: 2,
        failed: 0,
        promptTokens: 105,
        completionTokens: 21,
      });
    });

    test('complete is one transaction: a follow-up that cannot be stored leaves the unit running', async (t) => {
      const store = await open(t);
      await store.enqueue([unit('t1')]);
      await store.claim({ worker: 'w', ...claimAll });
      await assert.rejects(
        store.complete('t1', 'w', 'r', undefined, [unit('v1', { stage: 'nope' as never })]),
        UsageError,
      );
      assert.deepEqual(
        (await store.unitsOf('in-1')).map((u) => [u.key, u.status]),
        [['t1', 'running']],
      );
      assert.equal(await store.complete('t1', 'w', 'r', undefined, [unit('v1', { stage: 'verify' })]), true);
      assert.deepEqual(
        (await store.unitsOf('in-1')).map((u) => [u.key, u.status]),
        [
          ['t1', 'done'],
          ['v1', 'pending'],
        ],
      );
    });

    test('fail retries after the delay until maxAttempts, then fails for good with reason and raw text', async (t) => {
      const clock = fakeClock();
      const store = await open(t, clock);
      await store.enqueue([unit('t1')]);
      const options = { maxAttempts: 3, retryAfterMs: 1_000 };
      const failure = { reason: 'parse', message: 'no <answer>', raw: 'garbled', retryable: true };
      for (const attempt of [0, 1]) {
        const [claimed] = await store.claim({ worker: 'w', ...claimAll });
        assert.equal(claimed?.attempts, attempt);
        assert.equal(await store.fail('t1', 'w', failure, options), 'pending');
        // Not claimable until retryAfterMs has passed.
        clock.advance(999);
        assert.deepEqual(await store.claim({ worker: 'w', ...claimAll }), []);
        clock.advance(1);
      }
      const [third] = await store.claim({ worker: 'w', ...claimAll });
      assert.equal(third?.attempts, 2);
      assert.equal(await store.fail('t1', 'w', failure, options), 'failed');
      assert.equal(await store.fail('t1', 'w', failure, options), 'lost');
      clock.advance(10_000);
      assert.deepEqual(await store.claim({ worker: 'w', ...claimAll }), []);
      assert.deepEqual(await store.failures(), [
        {
          key: 't1',
          stage: 'trace',
          inputId: 'in-1',
          resource: 'qwen',
          attempts: 3,
          reason: 'parse',
          message: 'no <answer>',
          raw: 'garbled',
        },
      ]);
      assert.equal(await store.active(), 0);
    });

    test('fail: a non-retryable failure is final at once; a worker without the lease gets lost', async (t) => {
      const store = await open(t);
      await store.enqueue([unit('t1'), unit('t2')]);
      await store.claim({ worker: 'w', ...claimAll });
      const missing = { reason: 'image', message: 'source.png not found', retryable: false };
      assert.equal(await store.fail('t1', 'other', missing, { maxAttempts: 3, retryAfterMs: 0 }), 'lost');
      assert.equal(await store.fail('t1', 'w', missing, { maxAttempts: 3, retryAfterMs: 0 }), 'failed');
      const [failed] = await store.failures();
      assert.deepEqual([failed?.key, failed?.attempts, failed?.raw], ['t1', 1, null]);
      const counts = (await store.counts()).find((c) => c.stage === 'trace');
      assert.deepEqual([counts?.running, counts?.failed], [1, 1]);
    });

    test('release gives units back without counting an attempt, claimable after the delay', async (t) => {
      const clock = fakeClock();
      const store = await open(t, clock);
      await store.enqueue([unit('t1'), unit('t2')]);
      await store.claim({ worker: 'w', ...claimAll });
      await store.release(['t1', 't2'], 'other', 0);
      assert.equal((await store.counts()).find((c) => c.stage === 'trace')?.running, 2);
      await store.release(['t1', 't2'], 'w', 30_000);
      assert.deepEqual(await store.claim({ worker: 'w', ...claimAll }), []);
      clock.advance(30_000);
      const again = await store.claim({ worker: 'v', ...claimAll });
      assert.deepEqual(
        again.map((u) => [u.key, u.attempts]),
        [
          ['t1', 0],
          ['t2', 0],
        ],
      );
    });

    test("a dead worker's unit is reclaimed after its lease; its late complete and fail are refused", async (t) => {
      const clock = fakeClock();
      const store = await open(t, clock);
      await store.enqueue([unit('t1')]);
      await store.claim({ worker: 'dead', limit: 1, leaseMs: 10_000 });
      clock.advance(10_000);
      // lease_until = now: still held.
      assert.deepEqual(await store.claim({ worker: 'alive', ...claimAll }), []);
      clock.advance(1);
      // Only when asked for: a claim with expired: false takes pending units alone.
      assert.deepEqual(await store.claim({ worker: 'alive', ...claimAll, expired: false }), []);
      const [taken] = await store.claim({ worker: 'alive', limit: 1, leaseMs: 10_000 });
      assert.equal(taken?.key, 't1');
      assert.equal(taken?.attempts, 0);
      assert.equal(
        await store.complete('t1', 'dead', 'late', undefined, [unit('v1', { stage: 'verify' })]),
        false,
      );
      assert.equal(
        await store.fail(
          't1',
          'dead',
          { reason: 'x', message: 'x', retryable: true },
          { maxAttempts: 3, retryAfterMs: 0 },
        ),
        'lost',
      );
      assert.deepEqual(await store.renew(['t1'], 'dead', 10_000), []);
      assert.equal(await store.complete('t1', 'alive', 'on time', undefined, []), true);
      assert.deepEqual(await store.unitsOf('in-1'), [
        {
          key: 't1',
          stage: 'trace',
          inputId: 'in-1',
          status: 'done',
          payload: { key: 't1' },
          result: 'on time',
        },
      ]);
    });

    test('renew extends only the leases the worker still holds', async (t) => {
      const clock = fakeClock();
      const store = await open(t, clock);
      await store.enqueue([unit('t1'), unit('t2'), unit('t3')]);
      await store.claim({ worker: 'w', limit: 2, leaseMs: 1_000 });
      await store.claim({ worker: 'v', limit: 1, leaseMs: 1_000 });
      clock.advance(900);
      assert.deepEqual(await store.renew(['t3', 't2', 't1'], 'w', 1_000), ['t2', 't1']);
      clock.advance(500);
      // t1, t2 renewed to 1,900; t3's lease (1,000) has run out.
      assert.deepEqual(
        (await store.claim({ worker: 'x', ...claimAll })).map((u) => u.key),
        ['t3'],
      );
    });

    test('unitsOf, inputIds, done and counts read back what was stored; all five stages are counted', async (t) => {
      const store = await open(t);
      // Keys sort byte-wise on both stores, whatever PostgreSQL's locale (upper case before lower case).
      const payload = { z: 1, a: [true, null, 'é ✓ 日本'], nested: { b: 2.5, a: '"quoted"\n' } };
      await store.enqueue([
        unit('b', { inputId: 'in-2', stage: 'select', payload }),
        unit('B', { inputId: 'in-2', stage: 'select' }),
        unit('_', { inputId: 'in-1', stage: 'decompose' }),
      ]);
      assert.deepEqual(await store.inputIds(), ['in-1', 'in-2']);
      const units = await store.unitsOf('in-2');
      assert.deepEqual(
        units.map((u) => u.key),
        ['B', 'b'],
      );
      // Key order inside JSON is kept as written (json, not jsonb, on PostgreSQL).
      assert.equal(JSON.stringify(units[1]?.payload), JSON.stringify(payload));
      for (const claimed of await store.claim({ worker: 'w', ...claimAll })) {
        await store.complete(claimed.key, 'w', { key: claimed.key }, undefined, []);
      }
      assert.deepEqual(
        (await store.done('select')).map((u) => u.key),
        ['B', 'b'],
      );
      assert.deepEqual(await store.done('verify'), []);
      const counts = await store.counts();
      assert.deepEqual(
        counts.map((c) => c.stage),
        [...STAGES],
      );
      assert.deepEqual(
        counts.map((c) => c.done),
        [1, 0, 0, 0, 2],
      );
      assert.equal(await store.active(), 0);
    });

    test('active counts pending and running units', async (t) => {
      const store = await open(t);
      await store.enqueue([unit('t1'), unit('t2'), unit('t3')]);
      await store.claim({ worker: 'w', limit: 1, leaseMs: 1_000 });
      assert.equal(await store.active(), 3);
      await store.complete('t1', 'w', 'r', undefined, []);
      assert.equal(await store.active(), 2);
    });

    test("usageByResource sums the done units' tokens per resource, leaving out unspent ones", async (t) => {
      const store = await open(t);
      await store.enqueue([
        unit('a'),
        unit('b'),
        unit('c', { resource: 'gpt' }),
        unit('d', { resource: 'local' }),
        unit('e'),
      ]);
      const claimed = await store.claim({ worker: 'w', ...claimAll, limit: 4 });
      assert.deepEqual(
        claimed.map((u) => u.key),
        ['a', 'b', 'c', 'd'],
      );
      await store.complete('a', 'w', 1, { promptTokens: 100, completionTokens: 7 }, []);
      await store.complete('b', 'w', 1, { promptTokens: 20, completionTokens: 3 }, []);
      await store.complete('c', 'w', 1, { promptTokens: 5, completionTokens: 0 }, []);
      await store.complete('d', 'w', 1, undefined, []);
      // e is still pending: its tokens (none yet) are not counted.
      assert.deepEqual(await store.usageByResource(), {
        gpt: { promptTokens: 5, completionTokens: 0 },
        qwen: { promptTokens: 120, completionTokens: 10 },
      });
    });
  });
}

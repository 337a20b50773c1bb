import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BackendError, ConfigError, UsageError } from '../../core/index.js';
import { createBackendGate, type GateLimits } from './backend-gate.js';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/** A clock that moves only when the test runs its timers: no real waiting, no wall-clock reads. */
function fakeClock() {
  let t = 0;
  let seq = 0;
  const timers: Timer[] = [];
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    now: () => t,
    sleep(ms: number, signal?: AbortSignal): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        const timer: Timer = { at: t + ms, seq: seq++, resolve };
        timers.push(timer);
        signal?.addEventListener(
          'abort',
          () => {
            timers.splice(timers.indexOf(timer), 1);
            reject(signal.reason as Error);
          },
          { once: true },
        );
      });
    },
    /** Fires timers in time order up to `until` (all of them by default), letting promises settle between. */
    async run(until = Number.POSITIVE_INFINITY): Promise<void> {
      await settle();
      for (;;) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers[0];
        if (!next || next.at > until) break;
        timers.shift();
        t = Math.max(t, next.at);
        next.resolve();
        await settle();
      }
      if (until !== Number.POSITIVE_INFINITY) t = Math.max(t, until);
    },
  };
}

type Clock = ReturnType<typeof fakeClock>;

function gateOn(clock: Clock, limits: GateLimits, name = 'qwen') {
  return createBackendGate(name, limits, { now: clock.now, sleep: clock.sleep, rng: () => 0.5 });
}

function outage(status = 503, retryAfter?: string): BackendError {
  const cause =
    retryAfter === undefined
      ? undefined
      : Object.assign(new Error('rate limited'), { headers: new Headers({ 'retry-after': retryAfter }) });
  return new BackendError(`HTTP ${status}`, { backend: 'qwen', status, retryable: true, cause });
}

test('requests per minute: a burst of one minute, then one every 60/rpm seconds', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { requestsPerMinute: 120, concurrency: 1000 });
  const starts: number[] = [];
  const calls = Array.from({ length: 300 }, () =>
    gate.run(0, async () => {
      starts.push(clock.now());
      return { value: null };
    }),
  );
  await clock.run(60_000);
  // 120 at once, then 2 per second: by the end of the first simulated minute 240 have started.
  assert.equal(starts.length, 240);
  await clock.run();
  await Promise.all(calls);
  assert.deepEqual(
    starts,
    Array.from({ length: 300 }, (_, i) => (i < 120 ? 0 : (i - 119) * 500)),
  );
});

test('tokens per minute: the estimate is charged up front and over-use is paid back by waiting', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { tokensPerMinute: 6000, concurrency: 10 });
  const starts: number[] = [];
  const calls = Array.from({ length: 9 }, () =>
    gate.run(1000, async () => {
      starts.push(clock.now());
      return { value: null, tokens: 2000 };
    }),
  );
  await clock.run();
  await Promise.all(calls);
  // Six fit the 6000 burst and each used 1000 more than estimated: the bucket ends at -6000, so the
  // seventh waits for 7000 tokens at 100/s (70 s); after that each call leaves -1000 and the next
  // waits for 2000 (20 s): 2000 tokens per 20 s is exactly the 6000/min budget.
  assert.deepEqual(starts, [0, 0, 0, 0, 0, 0, 70_000, 90_000, 110_000]);
});

test('tokens per minute: a call that used less than its estimate gives the rest back', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { tokensPerMinute: 6000, concurrency: 10 });
  const starts: number[] = [];
  const call = () =>
    gate.run(6000, async () => {
      starts.push(clock.now());
      return { value: null, tokens: 600 };
    });
  const calls = [call(), call()];
  await clock.run();
  await Promise.all(calls);
  // After the first, 5400 is back; the second needs 600 more at 100/s.
  assert.deepEqual(starts, [0, 6000]);
});

test('concurrency is never exceeded', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { concurrency: 3 });
  let running = 0;
  let most = 0;
  const starts: number[] = [];
  const calls = Array.from({ length: 20 }, (_, i) =>
    gate.run(0, async () => {
      starts.push(clock.now());
      running++;
      most = Math.max(most, running);
      await clock.sleep(1000);
      running--;
      return { value: i };
    }),
  );
  await clock.run();
  assert.deepEqual(
    await Promise.all(calls),
    Array.from({ length: 20 }, (_, i) => i),
  );
  assert.equal(most, 3);
  assert.deepEqual(
    starts,
    Array.from({ length: 20 }, (_, i) => Math.floor(i / 3) * 1000),
  );
});

test('a retryable failure pauses the gate, longer each time, and a success resets it', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { concurrency: 4 });
  const starts: number[] = [];
  const failing = (error: Error) =>
    gate.run(0, async () => {
      starts.push(clock.now());
      throw error;
    });
  const first = outage();
  await assert.rejects(failing(first), (e) => e === first);
  // rng 0.5 with the backends' policy: 0.5 x 500 ms, then 0.5 x 1000, then 0.5 x 2000.
  assert.deepEqual(gate.state(), {
    paused: true,
    pausedUntil: 250,
    consecutiveFailures: 1,
    inFlight: 0,
    waiting: 0,
  });
  const second = failing(outage(502));
  const third = failing(outage());
  const fourth = gate.run(0, async () => {
    starts.push(clock.now());
    return { value: 'ok' };
  });
  const failures = Promise.allSettled([second, third]);
  await clock.run();
  assert.deepEqual(
    (await failures).map((s) => s.status),
    ['rejected', 'rejected'],
  );
  assert.equal(await fourth, 'ok');
  assert.deepEqual(starts, [0, 250, 750, 1750]);
  assert.deepEqual(gate.state(), {
    paused: false,
    pausedUntil: null,
    consecutiveFailures: 0,
    inFlight: 0,
    waiting: 0,
  });
});

test('a server-sent retry-after sets the pause', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { concurrency: 2 });
  await assert.rejects(
    gate.run(0, async () => {
      throw outage(429, '30');
    }),
    BackendError,
  );
  assert.equal(gate.state().pausedUntil, 30_000);
  let startedAt = -1;
  const next = gate.run(0, async () => {
    startedAt = clock.now();
    return { value: null };
  });
  await clock.run(29_999);
  assert.equal(startedAt, -1);
  assert.equal(gate.state().waiting, 1);
  await clock.run();
  await next;
  assert.equal(startedAt, 30_000);
});

test('a non-retryable failure does not pause', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { concurrency: 1 });
  const bad = new BackendError('HTTP 400', { backend: 'qwen', status: 400, retryable: false });
  await assert.rejects(
    gate.run(0, async () => {
      throw bad;
    }),
    (e) => e === bad,
  );
  assert.equal(gate.state().paused, false);
  assert.equal(gate.state().consecutiveFailures, 0);
  assert.equal(await gate.run(0, async () => ({ value: 1 })), 1);
});

test('calls that fail together count as one outage', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { concurrency: 4 });
  const calls = Array.from({ length: 4 }, () =>
    gate.run(0, async () => {
      await clock.sleep(100);
      throw outage();
    }),
  );
  const settled = Promise.allSettled(calls);
  await clock.run();
  assert.ok((await settled).every((s) => s.status === 'rejected'));
  assert.equal(gate.state().consecutiveFailures, 1);
  assert.equal(gate.state().pausedUntil, 350);
});

test('after a pause one probe goes alone; its success opens the full concurrency again', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { concurrency: 4 });
  await assert.rejects(
    gate.run(0, async () => {
      throw outage();
    }),
  );
  const starts: number[] = [];
  const calls = Array.from({ length: 3 }, () =>
    gate.run(0, async () => {
      starts.push(clock.now());
      await clock.sleep(1000);
      return { value: null };
    }),
  );
  await clock.run(250);
  assert.equal(gate.state().inFlight, 1);
  assert.equal(gate.state().waiting, 2);
  await clock.run();
  await Promise.all(calls);
  assert.deepEqual(starts, [250, 1250, 1250]);
});

test('an outage on one backend leaves the others running', async () => {
  const clock = fakeClock();
  const sick = gateOn(clock, { concurrency: 2 }, 'sick');
  const well = gateOn(clock, { concurrency: 2 }, 'well');
  await assert.rejects(
    sick.run(0, async () => {
      throw outage(503, '10');
    }),
  );
  const sickStart: number[] = [];
  const wellStarts: number[] = [];
  const waiting = sick.run(0, async () => {
    sickStart.push(clock.now());
    return { value: null };
  });
  const others = Array.from({ length: 4 }, () =>
    well.run(0, async () => {
      wellStarts.push(clock.now());
      await clock.sleep(1000);
      return { value: null };
    }),
  );
  await clock.run();
  await Promise.all([waiting, ...others]);
  assert.deepEqual(wellStarts, [0, 0, 1000, 1000]);
  assert.deepEqual(sickStart, [10_000]);
  assert.equal(well.state().consecutiveFailures, 0);
});

test('an abort while waiting leaves the queue and rejects with the reason', async () => {
  const clock = fakeClock();
  const gate = gateOn(clock, { concurrency: 1 });
  await assert.rejects(
    gate.run(0, async () => {
      throw outage(503, '60');
    }),
  );
  const controller = new AbortController();
  const call = gate.run(0, async () => ({ value: 'never' }), controller.signal);
  await clock.run(1000);
  assert.equal(gate.state().waiting, 1);
  const reason = new Error('shutting down');
  controller.abort(reason);
  await assert.rejects(call, (e) => e === reason);
  assert.equal(gate.state().waiting, 0);
});

test('bad limits and estimates are refused with the field named', async () => {
  assert.throws(
    () => createBackendGate('qwen', { concurrency: 0 }),
    (e) => e instanceof ConfigError && e.message.startsWith('backends.qwen.concurrency:'),
  );
  assert.throws(
    () => createBackendGate('qwen', { concurrency: 1, tokensPerMinute: -5 }),
    (e) => e instanceof ConfigError && e.message.startsWith('backends.qwen.tokensPerMinute:'),
  );
  const gate = createBackendGate('qwen', { concurrency: 1 });
  await assert.rejects(
    gate.run(Number.NaN, async () => ({ value: 1 })),
    UsageError,
  );
});

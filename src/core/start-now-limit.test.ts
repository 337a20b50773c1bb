import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createStartNowLimit } from './start-now-limit.js';

/** A task that runs until `finish` is called, logging when it starts. */
function gatedTask(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    task: () => {
      log.push(name);
      return done.then(() => name);
    },
    finish: () => finish(),
  };
}

test('a task starts in the caller’s turn while a slot is free, before the call returns', () => {
  const limit = createStartNowLimit(2);
  const log: string[] = [];
  void limit(gatedTask(log, 'a').task);
  assert.deepEqual(log, ['a']);
  void limit(gatedTask(log, 'b').task);
  assert.deepEqual(log, ['a', 'b']);
  assert.equal(limit.activeCount, 2);
});

test('past the limit tasks wait, and start in the order given as slots free', async () => {
  const limit = createStartNowLimit(2);
  const log: string[] = [];
  const tasks = ['a', 'b', 'c', 'd'].map((name) => gatedTask(log, name));
  const results = tasks.map(({ task }) => limit(task));
  assert.deepEqual(log, ['a', 'b']);
  assert.equal(limit.pendingCount, 2);
  tasks[1]!.finish();
  assert.equal(await results[1], 'b');
  assert.deepEqual(log, ['a', 'b', 'c']);
  assert.equal(limit.activeCount, 2);
  tasks[0]!.finish();
  tasks[2]!.finish();
  tasks[3]!.finish();
  assert.deepEqual(await Promise.all(results), ['a', 'b', 'c', 'd']);
  assert.deepEqual(log, ['a', 'b', 'c', 'd']);
  assert.equal(limit.activeCount, 0);
  assert.equal(limit.pendingCount, 0);
});

test('a task that throws at once or rejects later rejects its promise and frees its slot', async () => {
  const limit = createStartNowLimit(1);
  const thrown = limit(() => {
    throw new Error('at once');
  });
  await assert.rejects(thrown, /at once/);
  await assert.rejects(
    limit(() => Promise.reject(new Error('later'))),
    /later/,
  );
  assert.equal(await limit(() => Promise.resolve('next')), 'next');
  assert.equal(limit.activeCount, 0);
});

test('a waiting task that throws when its turn comes rejects, and the one after it still runs', async () => {
  const limit = createStartNowLimit(1);
  const log: string[] = [];
  const first = gatedTask(log, 'first');
  const running = limit(first.task);
  const failing = limit(() => {
    throw new Error('its turn');
  });
  void limit(gatedTask(log, 'after').task);
  first.finish();
  await running;
  await assert.rejects(failing, /its turn/);
  assert.deepEqual(log, ['first', 'after']);
  assert.equal(limit.activeCount, 1);
});

test('the concurrency must be a positive integer', () => {
  for (const bad of [0, -1, 1.5, Number.NaN]) {
    assert.throws(() => createStartNowLimit(bad), /concurrency must be a positive integer/);
  }
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EditQueue } from './edit-queue.js';
import { HttpError } from './http-error.js';

const open = new AbortController().signal;
/** A task that holds its slot until the test ends it. */
const holding = () => new Promise<void>(() => {});

function isStatus(status: number) {
  return (error: unknown) => error instanceof HttpError && error.status === status;
}

test('admit: edits fit while slots plus waiting places hold them; past that a 429, past the whole queue a 413', () => {
  const queue = new EditQueue(2, 3);
  queue.admit(5);
  assert.throws(() => queue.admit(6), isStatus(413));
  void queue.run(holding, open);
  queue.admit(4);
  assert.throws(() => queue.admit(5), isStatus(429));
});

test('reserve promises room for edits queued one by one; reserved places count as taken', () => {
  const queue = new EditQueue(2, 3);
  assert.equal(queue.reserve(6), undefined, 'more than slots and waiting places together');
  const reservation = queue.reserve(4)!;
  assert.ok(reservation);
  // 4 reserved of 5 places: one edit more fits, two do not, and another reservation of two neither.
  queue.admit(1);
  assert.throws(() => queue.admit(2), isStatus(429));
  assert.equal(queue.reserve(2), undefined);
  void reservation.run(holding, open);
  void reservation.run(holding, open);
  void reservation.run(holding, open);
  assert.deepEqual(queue.stats, { running: 2, waiting: 1 });
  queue.admit(1);
  assert.throws(() => queue.admit(2), isStatus(429));
  reservation.returnOne();
  queue.admit(2);
  assert.throws(() => queue.admit(3), isStatus(429));
  assert.throws(() => reservation.run(holding, open), /no reserved place left/);
});

test('closing a reservation gives back the places it did not use, once', () => {
  const queue = new EditQueue(1, 2);
  const reservation = queue.reserve(3)!;
  assert.throws(() => queue.admit(1), isStatus(429), 'the reserved places fill the queue');
  void reservation.run(holding, open);
  reservation.close();
  reservation.close();
  queue.admit(2);
  assert.throws(() => queue.admit(3), isStatus(429));
});

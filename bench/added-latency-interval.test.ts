import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addedLatencyIntervals } from './added-latency-interval.js';

const direct = Array.from({ length: 50 }, (_, i) => 200 + ((i * 37) % 23));

test('a path slower by the same 3 ms on every job has both intervals at exactly 3 ms', () => {
  const intervals = addedLatencyIntervals(
    direct,
    direct.map((ms) => ms + 3),
    1,
  );
  // Nearest-rank percentiles of the shifted half of every resample are shifted by exactly 3.
  assert.deepEqual(intervals, { p50Ms: [3, 3], p99Ms: [3, 3], pairs: 50 });
});

test('jobs that failed on either path are left out, and the rest still pair up by index', () => {
  const other: (number | null)[] = direct.map((ms) => ms + 5);
  other[3] = null;
  const withFailure: (number | null)[] = [...direct];
  withFailure[7] = null;
  const intervals = addedLatencyIntervals(withFailure, other, 2)!;
  assert.equal(intervals.pairs, 48);
  assert.deepEqual(intervals.p50Ms, [5, 5]);
});

test('a few slow jobs on the other path widen the p99 interval and barely move the p50 one', () => {
  // Three of fifty jobs 100 ms slower: a resample's p99 (its 50th of 50) is one of them unless it
  // drew none of the three, which happens in (47/50)^50 = 4.5% of resamples.
  const other = direct.map((ms, i) => (i % 17 === 0 ? ms + 100 : ms));
  const intervals = addedLatencyIntervals(direct, other, 3)!;
  // Their moving to the top shifts the median by at most three ranks of values 1 ms apart.
  assert.ok(intervals.p50Ms[0] >= 0 && intervals.p50Ms[1] <= 3, `p50 interval ${intervals.p50Ms}`);
  assert.ok(intervals.p99Ms[1] > 90, `upper p99 bound ${intervals.p99Ms[1]}`);
  assert.ok(intervals.p99Ms[0] < intervals.p99Ms[1]);
});

test('intervals are reproducible from their seed', () => {
  const other = direct.map((ms, i) => ms + (i % 5));
  assert.deepEqual(addedLatencyIntervals(direct, other, 9), addedLatencyIntervals(direct, other, 9));
});

test('paths that ran different jobs are refused, and no pairs give no interval', () => {
  assert.throws(() => addedLatencyIntervals([1, 2], [1], 1), /ran 2 and 1 jobs/);
  assert.equal(addedLatencyIntervals([null], [1], 1), null);
});

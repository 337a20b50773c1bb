import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTokenBucket } from './token-bucket.js';

function clockAt(start: number) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

test('a bucket starts full and refills at one minute per minute budget', () => {
  const clock = clockAt(0);
  const bucket = createTokenBucket(60, clock.now); // one per second
  assert.equal(bucket.waitMs(1), 0);
  bucket.take(60);
  assert.equal(bucket.level(), 0);
  assert.equal(bucket.waitMs(1), 1000);
  clock.t = 500;
  assert.equal(bucket.level(), 0.5);
  assert.equal(bucket.waitMs(1), 500);
  clock.t = 1000;
  assert.equal(bucket.waitMs(1), 0);
});

test('the level never rises above one minute of budget', () => {
  const clock = clockAt(0);
  const bucket = createTokenBucket(60, clock.now);
  clock.t = 10 * 60_000;
  assert.equal(bucket.level(), 60);
  bucket.take(-30); // a refund on a full bucket is capped too
  assert.equal(bucket.level(), 60);
});

test('over-use puts the bucket in debt that is paid back by waiting', () => {
  const clock = clockAt(0);
  const bucket = createTokenBucket(6000, clock.now); // 0.1 per ms
  bucket.take(6000);
  bucket.take(3000);
  assert.equal(bucket.level(), -3000);
  // 1000 wanted, 3000 owed: 4000 at 0.1/ms.
  assert.equal(bucket.waitMs(1000), 40_000);
});

test('an amount over the burst waits for a full bucket, not forever', () => {
  const clock = clockAt(0);
  const bucket = createTokenBucket(6000, clock.now);
  bucket.take(6000);
  assert.equal(bucket.waitMs(10_000), 60_000);
  clock.t = 60_000;
  assert.equal(bucket.waitMs(10_000), 0);
  bucket.take(10_000);
  assert.equal(bucket.level(), -4000);
});

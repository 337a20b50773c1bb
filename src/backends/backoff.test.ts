import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BACKOFF_BASE_MS,
  BACKOFF_CAP_MS,
  RETRY_AFTER_CAP_MS,
  backoffDelayMs,
  parseRetryAfterMs,
  retryDelayMs,
} from './backoff.js';

const headers = (values: Record<string, string>) => new Headers(values);
const NOW = Date.parse('2025-01-01T00:00:00Z');

test('backoff doubles from the base and stops at the cap', () => {
  const top = () => 0.999999;
  // The window is base * 2^attempt: 500, 1000, 2000, 4000, 8000, then the 8000 cap.
  const windows = [0, 1, 2, 3, 4, 5, 10].map((attempt) => backoffDelayMs(attempt, () => 1));
  assert.deepEqual(windows, [500, 1000, 2000, 4000, 8000, 8000, 8000]);
  assert.ok(backoffDelayMs(30, top) < BACKOFF_CAP_MS);
  assert.equal(BACKOFF_BASE_MS, 500);
});

test('full jitter spans [0, window): random 0 gives 0, random 0.25 a quarter of the window', () => {
  assert.equal(
    backoffDelayMs(0, () => 0),
    0,
  );
  assert.equal(
    backoffDelayMs(2, () => 0.25),
    500,
  ); // window 2000
  assert.equal(
    backoffDelayMs(9, () => 0.5),
    BACKOFF_CAP_MS / 2,
  );
});

test('retry-after in seconds, fractional seconds, and retry-after-ms', () => {
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': '2' }), NOW), 2000);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': '0.5' }), NOW), 500);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after-ms': '1250' }), NOW), 1250);
  // retry-after-ms is the finer of the two, so it wins when both are sent.
  assert.equal(parseRetryAfterMs(headers({ 'retry-after-ms': '300', 'retry-after': '9' }), NOW), 300);
});

test('retry-after as an HTTP date counts from now; a past date means now', () => {
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:07 GMT' }), NOW), 7000);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'Tue, 31 Dec 2024 23:59:00 GMT' }), NOW), 0);
});

test('unreadable or absent retry-after falls back to backoff', () => {
  assert.equal(parseRetryAfterMs(headers({ 'retry-after': 'soon' }), NOW), undefined);
  assert.equal(parseRetryAfterMs(headers({ 'retry-after-ms': '-5' }), NOW), undefined);
  assert.equal(parseRetryAfterMs(headers({}), NOW), undefined);
  assert.equal(parseRetryAfterMs(undefined, NOW), undefined);
  assert.equal(
    retryDelayMs(1, headers({ 'retry-after': 'soon' }), () => 0.5, NOW),
    500,
  );
});

test('a server asking for more than the cap is held to the cap', () => {
  assert.equal(
    retryDelayMs(0, headers({ 'retry-after': '3600' }), () => 0.5, NOW),
    RETRY_AFTER_CAP_MS,
  );
  assert.equal(
    retryDelayMs(0, headers({ 'retry-after': '3' }), () => 0.5, NOW),
    3000,
  );
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RequestTiming } from './request-timing.js';

test('the header keeps the longest wait and the longest judge call, to 0.1 ms', () => {
  const timing = new RequestTiming();
  timing.imagesMs = 2.04;
  timing.recordEdit(0, 201.26);
  timing.recordEdit(35.5, 180);
  timing.recordEdit(12, 199.9);
  assert.equal(timing.header(240.46), 'images;dur=2.0, queue;dur=35.5, judge;dur=201.3, total;dur=240.5');
});

test('a request answered from the cache waited for no slot and no judge', () => {
  const timing = new RequestTiming();
  timing.imagesMs = 1.25;
  assert.equal(timing.header(3), 'images;dur=1.3, queue;dur=0.0, judge;dur=0.0, total;dur=3.0');
});

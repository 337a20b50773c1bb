import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureSummary, type Failure } from './classify-failure.js';

const failure = (kind: Failure['kind'], status: number | undefined, detail: string): Failure => ({
  kind,
  status,
  retryable: true,
  headers: undefined,
  detail,
});

test('failureSummary: what failed, with a refusal reason cut short and no address', () => {
  assert.equal(
    failureSummary(failure('connection', undefined, 'connect ECONNREFUSED 10.0.0.7:8000'), 3),
    'the VLM could not be reached after 3 attempts',
  );
  assert.equal(
    failureSummary(failure('timeout', undefined, 'timed out'), 1),
    'the VLM did not answer in time after 1 attempt',
  );
  assert.equal(
    failureSummary(failure('malformed', undefined, 'a body that is not valid JSON (<html>)'), 2),
    'the VLM answered with something that is not a chat completion after 2 attempts',
  );
  assert.equal(
    failureSummary(failure('http', 503, '503 upstream at http://10.0.0.7 is down'), 1),
    'the VLM answered HTTP 503 after 1 attempt',
    "a server error's text is not passed on",
  );
  assert.equal(
    failureSummary(failure('http', 422, '422 prompt too long'), 1),
    'the VLM refused the request with HTTP 422 (prompt too long) after 1 attempt',
  );
  const long = `400 ${'x'.repeat(250)}`;
  assert.equal(
    failureSummary(failure('http', 400, long), 1),
    `the VLM refused the request with HTTP 400 (${'x'.repeat(200)}...) after 1 attempt`,
  );
  assert.equal(failureSummary(failure('http', 400, '400'), 1), 'the VLM answered HTTP 400 after 1 attempt');
});

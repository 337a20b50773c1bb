import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BackendError,
  ConfigError,
  EditR1Error,
  exitCodeFor,
  ImageTooLargeError,
  InvalidImageError,
  ParseError,
  UsageError,
} from './errors.js';

test('each error class maps to its CLI exit status, and foreign errors to 1', () => {
  assert.equal(exitCodeFor(new UsageError('x')), 2);
  assert.equal(exitCodeFor(new ConfigError('x')), 2);
  assert.equal(exitCodeFor(new InvalidImageError('x', 'a.png')), 2);
  assert.equal(exitCodeFor(new ImageTooLargeError('x', 'a.png')), 2);
  assert.equal(exitCodeFor(new BackendError('x', { backend: 'b', retryable: true })), 3);
  assert.equal(exitCodeFor(new ParseError('x', 'raw')), 3);
  assert.equal(exitCodeFor(new TypeError('x')), 1);
  assert.equal(exitCodeFor('thrown string'), 1);
});

test('errors carry their name, class hierarchy, cause and evidence', () => {
  const cause = new Error('socket hang up');
  const e = new BackendError('server down', { backend: 'vllm', status: 503, retryable: true, cause });
  assert.equal(e.name, 'BackendError');
  assert.ok(e instanceof EditR1Error);
  assert.equal(e.cause, cause);
  assert.equal(e.status, 503);
  const big = new ImageTooLargeError('too many pixels', 'bomb.png');
  assert.ok(big instanceof InvalidImageError);
  assert.equal(big.name, 'ImageTooLargeError');
  assert.equal(new ParseError('no score', 'the raw reply').raw, 'the raw reply');
});

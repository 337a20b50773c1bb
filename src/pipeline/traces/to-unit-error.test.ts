import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BackendError, ConfigError, InvalidImageError, ParseError, UsageError } from '../../core/index.js';
import { NoVerifiablePrincipleError, OcrError } from '../../rrm/index.js';
import { asUnit, toUnitError } from './to-unit-error.js';
import { UnitError } from './unit-error.js';

describe('toUnitError', () => {
  it('maps each error class to its reason and retryability, keeping raw text and cause', () => {
    const cases: [unknown, string, boolean][] = [
      [new ParseError('no score', 'RAW'), 'parse', true],
      [new BackendError('503', { backend: 'b', status: 503, retryable: true }), 'backend', true],
      [new BackendError('401', { backend: 'b', status: 401, retryable: false }), 'backend', false],
      [new OcrError('ocr failed'), 'backend', true],
      [new InvalidImageError('not an image', 'x.png'), 'image', false],
      [new NoVerifiablePrincipleError(3), 'unverifiable', false],
      [new UsageError('bad'), 'invalid-unit', false],
      [new ConfigError('bad'), 'invalid-unit', false],
    ];
    for (const [error, reason, retryable] of cases) {
      const unit = toUnitError(error);
      assert.ok(unit instanceof UnitError);
      assert.equal(unit.failure.reason, reason);
      assert.equal(unit.failure.retryable, retryable);
      assert.equal(unit.failure.message, (error as Error).message);
      assert.equal(unit.cause, error);
    }
    assert.equal(toUnitError(new ParseError('x', 'RAW'))!.failure.raw, 'RAW');
  });

  it('leaves aborts and bugs alone, and asUnit rethrows them as they are', async () => {
    const abort = new DOMException('stop', 'AbortError');
    assert.equal(toUnitError(abort), undefined);
    assert.equal(toUnitError(new TypeError('bug')), undefined);
    await assert.rejects(
      asUnit(() => Promise.reject(abort)),
      (e: unknown) => e === abort,
    );
    await assert.rejects(
      asUnit(() => Promise.reject(new ParseError('m', 'R'))),
      (e: unknown) => e instanceof UnitError && e.failure.reason === 'parse',
    );
  });
});

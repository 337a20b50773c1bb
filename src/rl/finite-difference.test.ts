import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { centralDifferenceGradient } from './finite-difference.js';

describe('centralDifferenceGradient', () => {
  it('recovers the gradient of a known function', () => {
    // f(x) = x00^2 * x01 + sin(x10); at (1, 2, 0.5): df/dx00 = 2*1*2 = 4, df/dx01 = 1, df/dx10 = cos(0.5)
    const f = (x: number[][]): number => x[0]![0]! ** 2 * x[0]![1]! + Math.sin(x[1]![0]!);
    const g = centralDifferenceGradient(f, [[1, 2], [0.5]], 1e-5);
    assert.ok(Math.abs(g[0]![0]! - 4) < 1e-8);
    assert.ok(Math.abs(g[0]![1]! - 1) < 1e-8);
    assert.ok(Math.abs(g[1]![0]! - Math.cos(0.5)) < 1e-8);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import type { Decomposer, Principle } from '../core/index.js';
import { cacheDecompositions } from './cached-decomposer.js';

const image = (colour: string) =>
  sharp({ create: { width: 64, height: 48, channels: 3, background: colour } })
    .png()
    .toBuffer();

/** A decomposer that counts its calls and can be told to fail or wait. */
function countingDecomposer(behaviour: { fail?: boolean; delayMs?: number } = {}) {
  const calls: string[] = [];
  const decomposer: Decomposer = {
    id: 'counting',
    async decompose({ instruction }) {
      calls.push(instruction);
      if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
      if (behaviour.fail) throw new Error('backend down');
      const principles: Principle[] = [
        { question: `Was "${instruction}" done?`, category: 'instruction-following' },
      ];
      return principles;
    },
  };
  return { decomposer, calls };
}

describe('cacheDecompositions', () => {
  it('decomposes each (source content, instruction, seed) once', async () => {
    const { decomposer, calls } = countingDecomposer();
    const cached = cacheDecompositions(decomposer);
    const source = await image('#804020');
    const sameContent = Buffer.from(source);
    const first = await cached.decompose({ source, instruction: 'Make it blue' });
    assert.deepEqual(await cached.decompose({ source: sameContent, instruction: 'Make it blue' }), first);
    assert.equal(calls.length, 1);
    await cached.decompose({ source, instruction: 'Make it red' });
    await cached.decompose({ source: await image('#204080'), instruction: 'Make it blue' });
    await cached.decompose({ source, instruction: 'Make it blue' }, { seed: 3 });
    assert.equal(calls.length, 4);
  });

  it('shares one call among concurrent requests, and gives each caller its own copy', async () => {
    const { decomposer, calls } = countingDecomposer({ delayMs: 20 });
    const cached = cacheDecompositions(decomposer);
    const source = await image('#336699');
    const results = await Promise.all(
      Array.from({ length: 5 }, () => cached.decompose({ source, instruction: 'Remove the cup' })),
    );
    assert.equal(calls.length, 1);
    results[0]![0]!.question = 'changed by one caller';
    assert.equal(results[1]![0]!.question, 'Was "Remove the cup" done?');
  });

  it('does not keep a failure: the next call asks again', async () => {
    const { decomposer, calls } = countingDecomposer({ fail: true });
    const cached = cacheDecompositions(decomposer);
    const source = await image('#112233');
    await assert.rejects(cached.decompose({ source, instruction: 'Add a hat' }), /backend down/);
    await assert.rejects(cached.decompose({ source, instruction: 'Add a hat' }), /backend down/);
    assert.equal(calls.length, 2);
  });
});

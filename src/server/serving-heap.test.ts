import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SERVING_HEAP_GROWING_PERCENT } from './serving-heap.js';

/** The growing factor V8 reports for its last full collection, in a fresh process that may tune first. */
function lastGrowingFactor(tune: boolean): number {
  const module = pathToFileURL(fileURLToPath(new URL('./serving-heap.ts', import.meta.url))).href;
  const script = `
    const kept = Array.from({ length: 200000 }, (_, i) => ({ i, text: 'item ' + i }));
    ${tune ? `(await import(${JSON.stringify(module)})).tuneHeapForServing();` : ''}
    gc();
    gc();
    console.log(kept.length);`;
  const trace = execFileSync(
    process.execPath,
    ['--import', 'tsx', '--expose-gc', '--trace-gc-verbose', '--input-type=module', '-e', script],
    { encoding: 'utf8' },
  );
  const factors = [...trace.matchAll(/\[HeapController\] Limit: .*\((\d+(?:\.\d+)?)\)$/gm)];
  assert.ok(factors.length > 0, `no heap limit in the GC trace:\n${trace.slice(0, 500)}`);
  return Number(factors.at(-1)![1]);
}

test('tuneHeapForServing sets the old generation to grow threefold between full collections', () => {
  assert.equal(lastGrowingFactor(true), 1 + SERVING_HEAP_GROWING_PERCENT / 100);
  assert.notEqual(lastGrowingFactor(false), 1 + SERVING_HEAP_GROWING_PERCENT / 100);
});

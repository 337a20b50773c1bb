import type { NewUnit } from '../types.js';
import { planInput } from './plan-input.js';
import type { Run } from './run-types.js';

/** Units gathered before one enqueue: fewer transactions than one per input, bounded memory. */
const ENQUEUE_BATCH = 2_000;

/** A full planning pass over every input of the run; returns how many units it added to the store. */
export async function planAll(run: Run): Promise<number> {
  let added = 0;
  let batch: NewUnit[] = [];
  for (const input of run.inputs) {
    batch.push(...planInput(input, run, await run.store.unitsOf(input.id)));
    if (batch.length >= ENQUEUE_BATCH) {
      added += await run.store.enqueue(batch);
      batch = [];
    }
  }
  return added + (await run.store.enqueue(batch));
}

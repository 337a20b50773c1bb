import { availableParallelism } from 'node:os';
import type { RunConfig } from '../config/index.js';
import { createBackendGate, type BackendGate } from './backend-gate.js';
import { LOCAL_RESOURCE } from './plan-input.js';

/** A resource's gate and how many of its units a worker holds at once. */
export interface ResourceGate {
  gate: BackendGate;
  concurrency: number;
}

/**
 * One gate per resource a worker claims for: each openai backend with its configured limits; each
 * in-process resource (the embedded judges, 'local') with one unit per core, since they compute rather
 * than wait.
 */
export function createRunGates(config: Pick<RunConfig, 'backends'>): Map<string, ResourceGate> {
  const cores = Math.max(1, availableParallelism());
  const gates = new Map<string, ResourceGate>();
  for (const [name, backend] of Object.entries(config.backends)) {
    const limits =
      backend.type === 'openai'
        ? {
            requestsPerMinute: backend.requestsPerMinute,
            tokensPerMinute: backend.tokensPerMinute,
            concurrency: backend.concurrency,
          }
        : { concurrency: cores };
    gates.set(name, { gate: createBackendGate(name, limits), concurrency: limits.concurrency });
  }
  gates.set(LOCAL_RESOURCE, {
    gate: createBackendGate(LOCAL_RESOURCE, { concurrency: cores }),
    concurrency: cores,
  });
  return gates;
}

/**
 * How many more units of this resource to claim now: none while paused, one probe after an outage;
 * otherwise, once the worker holds no more than the gate's concurrency, enough to hold half as many again.
 * The extra half waits at the gate under a renewed lease, so a slot that frees is filled at once, and
 * claims come in batches of at least half the concurrency instead of one per finished unit (each claim
 * is a write transaction: most of the store's cost per unit when claimed one by one).
 */
export function roomFor(entry: ResourceGate, held: number): number {
  const state = entry.gate.state();
  if (state.paused) return 0;
  if (state.consecutiveFailures > 0) return Math.max(0, 1 - held);
  if (held > entry.concurrency) return 0;
  return Math.ceil(entry.concurrency * 1.5) - held;
}

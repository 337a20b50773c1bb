import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { LRUCache } from 'lru-cache';
import { backoffDelayMs } from '../../backends/index.js';
import { BackendError } from '../../core/index.js';
import { toUnitError, UnitError } from '../traces/index.js';
import type { ClaimedUnit, NewUnit, StageCounts, StoredUnit } from '../types.js';
import { createUnitExecutor, type UnitOutcome } from './execute-unit.js';
import { createKeyedLock } from './keyed-lock.js';
import { planAll } from './plan-all.js';
import { planInput } from './plan-input.js';
import { createRunGates, roomFor, type ResourceGate } from './run-gates.js';
import type { Run, RunOptions, RunSummary } from './run-types.js';
import { seedOfKey } from './seed-of-key.js';

const DEFAULT_LEASE_MS = 60_000;
const DEFAULT_IDLE_POLL_MS = 1_000;
/** Progress gets the store's counts at most this often (counting is a query over the whole store). */
const PROGRESS_EVERY_MS = 500;
/** Tokens charged against tokensPerMinute before a model call's real usage is known (then corrected). */
const ESTIMATED_TOKENS = 2_000;
/** Inputs whose units a worker keeps for planning (a few dozen units each). */
const INPUTS_KEPT = 2_000;

/** The retryable BackendError behind an error (the trace runner and verifier wrap it in a UnitError). */
function retryableBackendError(error: unknown): BackendError | undefined {
  const inner = error instanceof UnitError ? error.cause : error;
  return inner instanceof BackendError && inner.retryable ? inner : undefined;
}

const short = (key: string) => key.slice(0, 12);

/** The store's done and failed counts, to tell whether anything settled since the last planning pass. */
const settledSignature = (counts: readonly StageCounts[]) =>
  counts.map((c) => `${c.done}/${c.failed}`).join(',');

/**
 * One worker: plans, then claims units per resource as far as each backend gate has room, runs each
 * through its gate, and records the outcome with the follow-up units it makes ready, until no unit is
 * pending or running anywhere and a planning pass adds nothing (or `signal` aborts).
 *
 * Outcomes: done (complete, with follow-ups planned over the input's units); a unit's failure (fail: retried
 * after a backoff up to retries.maxAttempts, then failed for good with reason and raw text); a retryable
 * backend error (the gate pauses that backend and the unit is released until the pause ends, no attempt
 * counted, so other backends go on). An error that is no unit's failure (a bug) releases the unit, stops
 * the worker and is rethrown.
 */
export async function runWorker(run: Run, options: RunOptions = {}): Promise<RunSummary> {
  const { store, config } = run;
  const worker = options.worker ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const idlePollMs = options.idlePollMs ?? DEFAULT_IDLE_POLL_MS;
  const { signal, progress } = options;
  const log = options.log ?? (() => {});
  const execute = createUnitExecutor(run);
  const gates = createRunGates(config);
  const inputs = new Map(run.inputs.map((input) => [input.id, input]));
  const lockInput = createKeyedLock();
  const held = new Map<string, string>();
  const tasks = new Set<Promise<void>>();
  const summary = { completed: 0, failed: 0, released: 0 };
  let fatal: { error: unknown } | undefined;
  let wake: (() => void) | undefined;
  let progressAt = Number.NEGATIVE_INFINITY;

  // Resources whose last claim came back short: not asked again until this worker plans units for them,
  // or idlePollMs passes (other workers' units, retry delays running out). A claim that finds nothing
  // costs as much as one that finds work, and the loop runs once per finished unit.
  const dry = new Set<string>();
  let dryAt = Date.now();
  const undry = (planned: readonly NewUnit[]) => planned.forEach((unit) => dry.delete(unit.resource));

  // Dead workers' units (lease run out) are looked for a few times per lease, not on every claim.
  const reclaimEveryMs = leaseMs / 3;
  const reclaimedAt = new Map<string, number>();

  const heldOf = (resource: string) => [...held.values()].filter((r) => r === resource).length;

  async function reportProgress(force: boolean): Promise<void> {
    if (!progress || (!force && Date.now() - progressAt < PROGRESS_EVERY_MS)) return;
    progressAt = Date.now();
    progress.update(await store.counts());
  }

  /**
   * The units of recently touched inputs as this worker last saw them, so that planning after each
   * completion does not read and parse the input's every unit again (that read was most of the store's
   * cost per unit). Another worker's progress can leave an entry behind the store, never ahead of it:
   * units only move forward, so a stale entry plans less, not wrongly, and the full planning pass a
   * worker makes whenever it is idle (which drops these entries) plans the rest.
   */
  const seen = new LRUCache<string, Map<string, StoredUnit>>({ max: INPUTS_KEPT });

  async function unitsSeen(inputId: string): Promise<Map<string, StoredUnit>> {
    let units = seen.get(inputId);
    if (!units) {
      units = new Map((await store.unitsOf(inputId)).map((unit) => [unit.key, unit]));
      seen.set(inputId, units);
    }
    return units;
  }

  function remember(units: Map<string, StoredUnit>, planned: readonly NewUnit[]): void {
    for (const unit of planned) {
      if (!units.has(unit.key)) units.set(unit.key, { ...unit, status: 'pending', result: null });
    }
  }

  // One input's completions one at a time in this worker: two traces finishing together would otherwise
  // each see the other still running, and neither would plan the quadruple's verify unit.
  async function complete(unit: ClaimedUnit, outcome: UnitOutcome): Promise<void> {
    const input = inputs.get(unit.inputId);
    const recorded = await lockInput(unit.inputId, async () => {
      if (!input) return store.complete(unit.key, worker, outcome.result, outcome.usage, []);
      const units = await unitsSeen(unit.inputId);
      units.set(unit.key, { ...unit, status: 'done', result: outcome.result });
      const followUps = planInput(input, run, [...units.values()]);
      const ok = await store.complete(unit.key, worker, outcome.result, outcome.usage, followUps);
      if (ok) {
        remember(units, followUps);
        undry(followUps);
      } else seen.delete(unit.inputId);
      return ok;
    });
    if (recorded) summary.completed++;
    else log(`${unit.stage} ${short(unit.key)}: lease lost (another worker took it over); result dropped`);
  }

  /** After a unit failed for good, what it unblocks (a quadruple's other traces may all be settled now). */
  async function planAfterFailure(unit: ClaimedUnit): Promise<void> {
    const input = inputs.get(unit.inputId);
    if (!input) return;
    await lockInput(unit.inputId, async () => {
      const units = await unitsSeen(unit.inputId);
      units.set(unit.key, { ...unit, status: 'failed', result: null });
      const planned = planInput(input, run, [...units.values()]);
      await store.enqueue(planned);
      remember(units, planned);
      undry(planned);
    });
  }

  async function settleError(unit: ClaimedUnit, entry: ResourceGate, error: unknown): Promise<void> {
    const outage = error instanceof BackendError && error.retryable ? error : undefined;
    if (outage) {
      const { pausedUntil } = entry.gate.state();
      const delay = pausedUntil === null ? 0 : Math.max(0, pausedUntil - Date.now());
      await store.release([unit.key], worker, delay);
      summary.released++;
      log(
        `${unit.resource} paused ${Math.round(delay)} ms, ${unit.stage} ${short(unit.key)} released: ${outage.message}`,
      );
      return;
    }
    if (signal?.aborted && error === signal.reason) {
      await store.release([unit.key], worker, 0);
      summary.released++;
      return;
    }
    const failure = toUnitError(error)?.failure;
    if (!failure) {
      fatal ??= { error };
      await store.release([unit.key], worker, 0);
      return;
    }
    const status = await store.fail(unit.key, worker, failure, {
      maxAttempts: config.retries.maxAttempts,
      retryAfterMs: backoffDelayMs(unit.attempts, Math.random),
    });
    if (status === 'failed') {
      summary.failed++;
      log(`${unit.stage} ${short(unit.key)} failed (${failure.reason}): ${failure.message}`);
      await planAfterFailure(unit);
    }
  }

  async function runUnit(unit: ClaimedUnit): Promise<void> {
    const entry = gates.get(unit.resource)!;
    const estimate = config.backends[unit.resource]?.type === 'openai' ? ESTIMATED_TOKENS : 0;
    try {
      // Only waiting for the gate is aborted: a call already sent is let finish, so it is not paid twice.
      const outcome = await entry.gate.run(
        estimate,
        async () => {
          try {
            const value = await execute(unit, seedOfKey(unit.key));
            const tokens = value.usage && value.usage.promptTokens + value.usage.completionTokens;
            return tokens === undefined ? { value } : { value, tokens };
          } catch (error) {
            // Unwrapped so the gate sees the outage and pauses the backend.
            throw retryableBackendError(error) ?? error;
          }
        },
        signal,
      );
      await complete(unit, outcome);
    } catch (error) {
      await settleError(unit, entry, error).catch((storeError: unknown) => {
        fatal ??= { error: storeError };
      });
    }
  }

  function start(unit: ClaimedUnit): void {
    held.set(unit.key, unit.resource);
    const task = runUnit(unit).finally(() => {
      held.delete(unit.key);
      tasks.delete(task);
      wake?.();
    });
    tasks.add(task);
  }

  /** Until a unit settles, `ms` pass, or the signal aborts. */
  function idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      wake = done;
    });
  }

  // Other workers' new units: an idle worker claims them now rather than at its next poll.
  const unwatch = await store
    .watchWork((resources) => {
      for (const resource of resources) dry.delete(resource);
      wake?.();
    })
    .catch((error: unknown) => {
      log(`cannot listen for other workers' units (${String(error)}); polling every ${idlePollMs} ms`);
      return null;
    });

  const renewal = setInterval(() => {
    if (held.size === 0) return;
    store.renew([...held.keys()], worker, leaseMs).catch((error: unknown) => {
      log(`lease renewal failed (retried in ${Math.round(leaseMs / 3)} ms): ${String(error)}`);
    });
  }, leaseMs / 3);

  try {
    await planAll(run);
    let plannedAt = settledSignature(await store.counts());
    while (!signal?.aborted && fatal === undefined) {
      let claimed = 0;
      if (Date.now() - dryAt >= idlePollMs) {
        dry.clear();
        dryAt = Date.now();
      }
      for (const [resource, entry] of gates) {
        const limit = roomFor(entry, heldOf(resource));
        if (limit === 0 || dry.has(resource)) continue;
        const reclaim =
          Date.now() - (reclaimedAt.get(resource) ?? Number.NEGATIVE_INFINITY) >= reclaimEveryMs;
        if (reclaim) reclaimedAt.set(resource, Date.now());
        const units = await store.claim({ worker, resources: [resource], limit, leaseMs, expired: reclaim });
        units.forEach(start);
        claimed += units.length;
        if (units.length < limit) dry.add(resource);
      }
      await reportProgress(false);
      if (claimed > 0) continue;
      if (held.size === 0) {
        // Idle: plan again when anything settled since the last pass (other workers' units, or a race
        // between two workers finishing one quadruple's last traces), then stop when nothing is left.
        const counts = settledSignature(await store.counts());
        if (counts !== plannedAt) {
          plannedAt = counts;
          seen.clear();
          if ((await planAll(run)) > 0) {
            dry.clear();
            continue;
          }
        }
        if ((await store.active()) === 0) break;
      }
      await idle(idlePollMs);
    }
  } finally {
    await Promise.allSettled([...tasks]);
    clearInterval(renewal);
    await unwatch?.();
  }
  if (fatal) throw fatal.error;
  await reportProgress(true);
  progress?.stop();
  return { ...summary, counts: await store.counts() };
}

import {
  STAGES,
  type CandidateResult,
  type FailedUnit,
  type SelectedRow,
  type StoredUnit,
  type TracePayload,
} from '../types.js';
import { estimateCost, type Pricing } from './cost.js';
import type { Run, RunStatus } from './run-types.js';

/** As export: an accuracy a hair under the threshold (3/5 computed as 0.5999...) is not below it. */
const ACCURACY_ALLOWANCE = 1e-9;

function groupFailures(failed: readonly FailedUnit[]): RunStatus['failures'] {
  const groups = new Map<string, RunStatus['failures'][number]>();
  for (const unit of failed) {
    const id = JSON.stringify([unit.stage, unit.reason]);
    const group = groups.get(id);
    if (group) group.count++;
    else groups.set(id, { stage: unit.stage, reason: unit.reason, count: 1, example: unit.message });
  }
  return [...groups.values()].sort(
    (a, b) =>
      STAGES.indexOf(a.stage) - STAGES.indexOf(b.stage) ||
      (a.reason < b.reason ? -1 : a.reason > b.reason ? 1 : 0),
  );
}

/** One input's share of the quadruple counts. */
function countQuadruples(
  units: readonly StoredUnit[],
  minAccuracy: number,
  into: RunStatus['quadruples'],
): void {
  const edited = new Set<string>();
  const traces = new Map<string, { settled: boolean; done: boolean }>();
  for (const unit of units) {
    if (unit.stage === 'candidate' && unit.status === 'done')
      edited.add((unit.result as CandidateResult).sha256);
    if (unit.stage === 'trace') {
      const id = (unit.payload as TracePayload).quadrupleId;
      const state = traces.get(id) ?? { settled: true, done: false };
      state.settled &&= unit.status === 'done' || unit.status === 'failed';
      state.done ||= unit.status === 'done';
      traces.set(id, state);
    }
    if (unit.stage === 'select' && unit.status === 'done') {
      into.selected++;
      if ((unit.result as SelectedRow).accuracy < minAccuracy - ACCURACY_ALLOWANCE) into.belowMinAccuracy++;
    }
  }
  into.total += edited.size;
  for (const state of traces.values()) if (state.settled && !state.done) into.noTrace++;
}

/**
 * Where the run stands: per-stage counts, failures by stage and reason, tokens and estimated cost per
 * backend, and the quadruples: made (distinct edited images), selected, with no trace (every one failed),
 * and selected but below select.minAccuracy (left out of the export).
 */
export async function runStatus(run: Run): Promise<RunStatus> {
  const { store, config } = run;
  const pricing: Record<string, Pricing | undefined> = {};
  for (const [name, backend] of Object.entries(config.backends)) {
    if (backend.type === 'openai') pricing[name] = backend.pricing;
  }
  const quadruples = { total: 0, selected: 0, noTrace: 0, belowMinAccuracy: 0 };
  // Input by input, so status reads a large store without holding it all.
  for (const inputId of await store.inputIds()) {
    countQuadruples(await store.unitsOf(inputId), config.select.minAccuracy, quadruples);
  }
  return {
    stages: await store.counts(),
    failures: groupFailures(await store.failures()),
    usage: estimateCost(await store.usageByResource(), pricing),
    quadruples,
  };
}

import { UsageError, type ChatBackend, type Usage } from '../../core/index.js';
import { VlmImageEncoder } from '../../images/index.js';
import { createVlmDecomposer, decomposeByRules } from '../../principles/index.js';
import { buildSelectedRow, selectTrace } from '../select/index.js';
import { asUnit, createChatBackendPool, createTraceRunner } from '../traces/index.js';
import type {
  ClaimedUnit,
  GoldLabel,
  StoredUnit,
  TracePayload,
  TraceResult,
  VerifyPayload,
} from '../types.js';
import { createVerifier } from '../verify/index.js';
import { chatBackends } from './chat-backends.js';
import type { Run } from './run-types.js';
import type { CandidatePayload, DecomposePayload, DecomposeResult, SelectPayload } from './unit-payloads.js';

/** What a unit made: its result as stored, and the tokens it spent. */
export interface UnitOutcome {
  result: unknown;
  usage?: Usage;
}

/** Does one claimed unit of any stage; a failure to record is thrown as a UnitError (traces/toUnitError). */
export type UnitExecutor = (unit: ClaimedUnit, seed: number) => Promise<UnitOutcome>;

/** A backend that adds up the tokens of every call made through it (the decomposer may ask twice). */
function countingBackend(backend: ChatBackend): { backend: ChatBackend; usage: () => Usage | undefined } {
  let total: Usage | undefined;
  return {
    backend: {
      id: backend.id,
      model: backend.model,
      async complete(request, signal) {
        const result = await backend.complete(request, signal);
        if (result.usage) {
          total = {
            promptTokens: (total?.promptTokens ?? 0) + result.usage.promptTokens,
            completionTokens: (total?.completionTokens ?? 0) + result.usage.completionTokens,
          };
        }
        return result;
      },
    },
    usage: () => total,
  };
}

function withUsage(result: unknown, usage: Usage | undefined): UnitOutcome {
  return usage ? { result, usage } : { result };
}

function unitOf(units: readonly StoredUnit[], key: string, what: string): StoredUnit {
  const unit = units.find((u) => u.key === key);
  if (unit?.status !== 'done') {
    throw new UsageError(`${what} ${key} is not done: the select unit was planned too early; plan again`);
  }
  return unit;
}

/**
 * The executor of a worker: one shared chat backend pool and image encoder for the trace runner, the
 * verifier and the VLM decomposer, so one model's calls share one concurrency limit and a source judged
 * against many edits is encoded once.
 */
export function createUnitExecutor(run: Run): UnitExecutor {
  const backends = chatBackends(run.config);
  const pool = createChatBackendPool(backends);
  const encoder = new VlmImageEncoder();
  const traces = createTraceRunner(backends, { pool, encoder });
  const verifier = createVerifier(run.config.verifier, backends, { pool, encoder });
  const inputs = new Map(run.inputs.map((input) => [input.id, input]));
  const sources = new Map(run.sources.map((source) => [source.name, source]));

  const inputOf = (id: string) => {
    const input = inputs.get(id);
    if (!input) throw new UsageError(`input "${id}" is not among the run's inputs: its config changed`);
    return input;
  };

  async function decompose(payload: DecomposePayload, seed: number): Promise<UnitOutcome> {
    const { decomposer } = payload;
    if (decomposer.type === 'given') {
      const result: DecomposeResult = { principles: payload.principles ?? [] };
      return { result };
    }
    if (decomposer.type === 'rule') {
      const result: DecomposeResult = { principles: decomposeByRules(payload.instruction) };
      return { result };
    }
    const counting = countingBackend(pool.get(decomposer.backend, decomposer.model));
    const vlm = createVlmDecomposer({ backend: counting.backend, encoder, seed });
    const principles = await vlm.decompose(
      { source: payload.source, instruction: payload.instruction },
      { seed },
    );
    const result: DecomposeResult = { principles };
    return withUsage(result, counting.usage());
  }

  async function candidate(payload: CandidatePayload): Promise<UnitOutcome> {
    const source = sources.get(payload.source);
    if (!source) throw new UsageError(`no candidate source "${payload.source}" in the config any more`);
    const result = await source.run(inputOf(payload.inputId), payload.candidateId, {
      workDir: run.config.workDir,
      backends: run.config.backends,
    });
    return { result };
  }

  async function trace(payload: TracePayload, seed: number): Promise<UnitOutcome> {
    const { usage, ...result } = await traces.run(payload, { seed });
    return withUsage(result, usage);
  }

  async function verify(payload: VerifyPayload, seed: number): Promise<UnitOutcome> {
    const { gold, usage } = await verifier.verify(payload, { seed });
    return withUsage({ gold }, usage);
  }

  /** PAPER.md 3.6: the verify unit's gold against each of its reference traces, in their order. */
  async function select(payload: SelectPayload): Promise<UnitOutcome> {
    const units = await run.store.unitsOf(payload.inputId);
    const verifyUnit = unitOf(units, payload.verify, 'verify unit');
    const verifyPayload = verifyUnit.payload as VerifyPayload;
    const { gold } = verifyUnit.result as { gold: GoldLabel[] };
    const kept = verifyPayload.references.map((reference) => unitOf(units, reference.key, 'trace unit'));
    const results = kept.map((unit) => unit.result as TraceResult);
    const selection = selectTrace(gold, results);
    const chosen = kept[selection.index]!;
    const row = buildSelectedRow({
      verify: verifyPayload,
      gold,
      selection,
      tracePayload: chosen.payload as TracePayload,
      trace: results[selection.index]!,
    });
    return { result: row };
  }

  return (unit, seed) =>
    asUnit(async () => {
      switch (unit.stage) {
        case 'decompose':
          return decompose(unit.payload as DecomposePayload, seed);
        case 'candidate':
          return candidate(unit.payload as CandidatePayload);
        case 'trace':
          return trace(unit.payload as TracePayload, seed);
        case 'verify':
          return verify(unit.payload as VerifyPayload, seed);
        case 'select':
          return select(unit.payload as SelectPayload);
      }
    });
}

import type { Principle } from '../../core/index.js';
import type { CandidateSource } from '../candidates/index.js';
import type { BackendConfig, RunConfig, TraceMemberConfig } from '../config/index.js';
import type { PreparedInput } from '../inputs/index.js';
import type {
  CandidateResult,
  NewUnit,
  StoredUnit,
  TracePayload,
  TraceResult,
  VerifyPayload,
} from '../types.js';
import { unitKey } from '../unit-key.js';
import type { CandidatePayload, DecomposePayload, DecomposeResult, SelectPayload } from './unit-payloads.js';

/** In-process work (rule or given principles, local candidate sources, selection): pipeline/types.ts. */
export const LOCAL_RESOURCE = 'local';

/** What planning reads of a run: its config and candidate sources. */
export interface PlanContext {
  config: RunConfig;
  sources: readonly CandidateSource[];
}

/** One quadruple of an input: an edited image (by content) with the input's source, instruction and principles. */
interface Quadruple {
  id: string;
  candidate: CandidateResult;
}

/**
 * What of a backend decides a trace: its type and model, or the noisy judge's flip rate and seed. Not its
 * name or URL, so the same model behind another name or server gives the same key.
 */
function memberIdentity(member: TraceMemberConfig, backend: BackendConfig | undefined): unknown {
  if (backend?.type === 'embedded-noisy') {
    return { type: backend.type, flip: backend.flip, seed: backend.seed ?? 0 };
  }
  return { type: backend?.type ?? 'missing', model: member.model };
}

function decomposeUnit(input: PreparedInput, config: RunConfig): NewUnit {
  const decomposer = config.decomposer;
  const payload: DecomposePayload = {
    inputId: input.id,
    source: input.source,
    instruction: input.instruction,
    decomposer,
  };
  let parts: Record<string, unknown>;
  let resource = LOCAL_RESOURCE;
  if (decomposer.type === 'given') {
    // readInputs refuses JSONL lines without principles under `given`; EditWorld inputs always carry them.
    payload.principles = input.principles ?? [];
    parts = { inputId: input.id, type: 'given', principles: payload.principles };
  } else if (decomposer.type === 'rule') {
    parts = { inputId: input.id, type: 'rule', instruction: input.instruction };
  } else {
    resource = decomposer.backend;
    parts = {
      inputId: input.id,
      type: 'vlm',
      source: input.sourceSha256,
      instruction: input.instruction,
      model: decomposer.model,
    };
  }
  return { key: unitKey('decompose', parts), stage: 'decompose', inputId: input.id, resource, payload };
}

function candidateUnits(input: PreparedInput, sources: readonly CandidateSource[]): NewUnit[] {
  return sources.flatMap((source) =>
    source.plan(input).map((planned): NewUnit => {
      const payload: CandidatePayload = {
        inputId: input.id,
        source: source.name,
        candidateId: planned.candidateId,
      };
      return {
        key: unitKey('candidate', planned.parts),
        stage: 'candidate',
        inputId: input.id,
        resource: source.resource,
        payload,
      };
    }),
  );
}

/**
 * The input's quadruples: one per distinct edited image among its done candidates (two candidates with
 * the same bytes are one quadruple, judged once), named by the input and the image's hash, so every
 * worker names it alike whichever candidate finished first. Candidates in key order: the first wins.
 */
function quadruplesOf(input: PreparedInput, units: readonly StoredUnit[]): Quadruple[] {
  const bySha = new Map<string, Quadruple>();
  for (const unit of units) {
    if (unit.stage !== 'candidate' || unit.status !== 'done') continue;
    const candidate = unit.result as CandidateResult;
    if (!bySha.has(candidate.sha256)) {
      bySha.set(candidate.sha256, { id: `${input.id}/${candidate.sha256.slice(0, 16)}`, candidate });
    }
  }
  return [...bySha.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The trace units of a quadruple: each pool member x sample index. The key holds the input id as well as
 * the contents: the store groups units by input, so a unit shared between two inputs would be invisible
 * to the second one's planning and its quadruple would never finish.
 */
function traceUnits(
  input: PreparedInput,
  quadruple: Quadruple,
  principles: Principle[],
  config: RunConfig,
): NewUnit[] {
  return config.tracePool.flatMap((member, index) => {
    const backend = config.backends[member.backend];
    const identity = memberIdentity(member, backend);
    return Array.from({ length: member.n }, (_, sampleIndex): NewUnit => {
      const payload: TracePayload = {
        inputId: input.id,
        quadrupleId: quadruple.id,
        source: input.source,
        edited: quadruple.candidate.edited,
        instruction: input.instruction,
        ...(input.category !== undefined ? { category: input.category } : {}),
        principles,
        member: index,
        backend: member.backend,
        model: member.model ?? backend?.type ?? member.backend,
        promptVariant: member.promptVariant,
        temperature: member.temperature,
        sampleIndex,
      };
      const parts = {
        inputId: input.id,
        source: input.sourceSha256,
        edited: quadruple.candidate.sha256,
        instruction: input.instruction,
        principles,
        member: identity,
        promptVariant: member.promptVariant,
        temperature: member.temperature,
        sampleIndex,
      };
      return {
        key: unitKey('trace', parts),
        stage: 'trace',
        inputId: input.id,
        // Every backend is its own resource (embedded ones too), so each has its own limits and pauses.
        resource: member.backend,
        payload,
      };
    });
  });
}

function verifyUnit(
  input: PreparedInput,
  quadruple: Quadruple,
  principles: Principle[],
  traces: readonly StoredUnit[],
  config: RunConfig,
): NewUnit {
  const references = traces.map((trace) => ({
    key: trace.key,
    member: (trace.payload as TracePayload).member,
    points: (trace.result as TraceResult).points,
  }));
  const { oracleGold } = quadruple.candidate;
  const payload: VerifyPayload = {
    inputId: input.id,
    quadrupleId: quadruple.id,
    source: input.source,
    edited: quadruple.candidate.edited,
    instruction: input.instruction,
    principles,
    references,
    ...(oracleGold !== undefined ? { oracleGold } : {}),
  };
  const verifier = config.verifier;
  const parts = {
    inputId: input.id,
    source: input.sourceSha256,
    edited: quadruple.candidate.sha256,
    instruction: input.instruction,
    principles,
    references: references.map((r) => r.key),
    verifier:
      verifier.type === 'oracle'
        ? { type: 'oracle', gold: oracleGold ?? null }
        : { type: 'vlm', model: verifier.model, temperature: verifier.temperature ?? 0 },
  };
  return {
    key: unitKey('verify', parts),
    stage: 'verify',
    inputId: input.id,
    resource: verifier.type === 'oracle' ? LOCAL_RESOURCE : verifier.backend,
    payload,
  };
}

function selectUnit(input: PreparedInput, quadruple: Quadruple, verifyKey: string): NewUnit {
  const payload: SelectPayload = { inputId: input.id, quadrupleId: quadruple.id, verify: verifyKey };
  return {
    key: unitKey('select', { inputId: input.id, verify: verifyKey }),
    stage: 'select',
    inputId: input.id,
    resource: LOCAL_RESOURCE,
    payload,
  };
}

const settled = (unit: StoredUnit | undefined) => unit?.status === 'done' || unit?.status === 'failed';

/**
 * The units of one input that are ready now and not yet stored, in a fixed order. Pure: from the input,
 * the config, the candidate sources and the input's stored units.
 *
 * - decompose and every candidate: at once;
 * - a quadruple's traces (pool member x sample index): once principles and its candidate are done;
 * - its verify unit: once every trace is settled and at least one is done (references in key order);
 * - its select unit: once verify is done.
 */
export function planInput(
  input: PreparedInput,
  context: PlanContext,
  units: readonly StoredUnit[],
): NewUnit[] {
  const stored = new Map(units.map((unit) => [unit.key, unit]));
  const planned = new Map<string, NewUnit>();
  const add = (unit: NewUnit) => {
    if (!stored.has(unit.key) && !planned.has(unit.key)) planned.set(unit.key, unit);
  };

  const decompose = decomposeUnit(input, context.config);
  add(decompose);
  for (const unit of candidateUnits(input, context.sources)) add(unit);

  const decomposed = stored.get(decompose.key);
  if (decomposed?.status !== 'done') return [...planned.values()];
  const { principles } = decomposed.result as DecomposeResult;

  for (const quadruple of quadruplesOf(input, units)) {
    // Two pool entries that ask the same thing share their units: one trace, one reference.
    const traces = [
      ...new Map(traceUnits(input, quadruple, principles, context.config).map((t) => [t.key, t])).values(),
    ];
    traces.forEach(add);
    const states = traces.map((trace) => stored.get(trace.key));
    if (!states.every(settled)) continue;
    const done = states
      .filter((unit): unit is StoredUnit => unit?.status === 'done')
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    if (done.length === 0) continue;
    const verify = verifyUnit(input, quadruple, principles, done, context.config);
    add(verify);
    if (stored.get(verify.key)?.status === 'done') add(selectUnit(input, quadruple, verify.key));
  }
  return [...planned.values()];
}

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Principle } from '../../core/index.js';
import type { CandidateSource } from '../candidates/index.js';
import { parseRunConfig, type RunConfig } from '../config/index.js';
import type { PreparedInput } from '../inputs/index.js';
import type { NewUnit, StoredUnit, TracePayload, UnitStatus, VerifyPayload } from '../types.js';
import { unitKey } from '../unit-key.js';
import { planInput } from './plan-input.js';

const principles: Principle[] = [
  { question: 'Is the cup red?', category: 'instruction-following' },
  { question: 'Is the table unchanged?', category: 'feature-preservation' },
];

const input: PreparedInput = {
  id: 'in-1',
  source: '/data/in-1.png',
  instruction: 'Make the cup red',
  category: 'color_change',
  sourceSha256: 'src-sha',
  principles,
};

function config(qwenURL = 'http://localhost:8000/v1', qwenName = 'qwen'): RunConfig {
  return parseRunConfig(
    {
      inputs: { jsonl: 'inputs.jsonl' },
      backends: {
        [qwenName]: { type: 'openai', baseURL: qwenURL, concurrency: 3 },
        noisy: { type: 'embedded-noisy', flip: 0.2, seed: 5 },
      },
      decomposer: { type: 'given' },
      candidates: [{ name: 'mine', type: 'jsonl', path: 'edits.jsonl' }],
      tracePool: [
        { backend: qwenName, model: 'Qwen-VL', promptVariant: 'strict', temperature: 0.7, n: 2 },
        { backend: 'noisy', temperature: 1 },
      ],
      verifier: { type: 'vlm', backend: qwenName, model: 'Qwen-VL' },
    },
    '/data',
  );
}

/** Two candidates, a and b, from a JSONL-like source (in-process). */
const source: CandidateSource = {
  name: 'mine',
  type: 'jsonl',
  resource: 'local',
  plan: (i) => ['a', 'b'].map((id) => ({ candidateId: id, parts: { source: 'mine', inputId: i.id, id } })),
  run: () => Promise.reject(new Error('not run in planning tests')),
};

const context = (c = config()) => ({ config: c, sources: [source] });

function stored(unit: NewUnit, status: UnitStatus, result: unknown = null): StoredUnit {
  return { key: unit.key, stage: unit.stage, inputId: unit.inputId, status, payload: unit.payload, result };
}

const decomposeKey = unitKey('decompose', { inputId: 'in-1', type: 'given', principles });
const candidateKey = (id: string) => unitKey('candidate', { source: 'mine', inputId: 'in-1', id });
const edited = (id: string) => ({
  edited: `/edits/${id}.png`,
  sha256: `${id}${id}-sha`,
  editor: 'mine',
  candidateId: id,
});

/** The trace key as pipeline.md defines it, written out by hand. */
function traceKey(
  sha: string,
  member: unknown,
  promptVariant: string,
  temperature: number,
  sampleIndex: number,
) {
  return unitKey('trace', {
    inputId: 'in-1',
    source: 'src-sha',
    edited: sha,
    instruction: 'Make the cup red',
    principles,
    member,
    promptVariant,
    temperature,
    sampleIndex,
  });
}
const qwen0 = traceKey('aa-sha', { type: 'openai', model: 'Qwen-VL' }, 'strict', 0.7, 0);
const qwen1 = traceKey('aa-sha', { type: 'openai', model: 'Qwen-VL' }, 'strict', 0.7, 1);
const noisy0 = traceKey('aa-sha', { type: 'embedded-noisy', flip: 0.2, seed: 5 }, 'standard', 1, 0);

/** State after decompose and candidate a are done, candidate b pending. */
function afterCandidateA(): StoredUnit[] {
  const [decompose, a, b] = planInput(input, context(), []);
  return [stored(decompose!, 'done', { principles }), stored(a!, 'done', edited('a')), stored(b!, 'pending')];
}

const points = (scores: (0 | 1)[]) =>
  scores.map((score, i) => ({ question: principles[i]!.question, category: principles[i]!.category, score }));

function withTraces(states: Record<string, UnitStatus>): StoredUnit[] {
  const units = afterCandidateA();
  const traces = planInput(input, context(), units);
  return [
    ...units,
    ...traces.map((t) =>
      stored(
        t,
        states[t.key]!,
        states[t.key] === 'done'
          ? { trace: 't', points: points([1, 0]), averageScore: 0.5, finalScore: 5 }
          : null,
      ),
    ),
  ];
}

describe('planInput', () => {
  test('a new input: its decompose unit (given principles, local) and one unit per planned candidate', () => {
    const planned = planInput(input, context(), []);
    assert.deepEqual(
      planned.map((u) => [u.key, u.stage, u.resource]),
      [
        [decomposeKey, 'decompose', 'local'],
        [candidateKey('a'), 'candidate', 'local'],
        [candidateKey('b'), 'candidate', 'local'],
      ],
    );
    assert.deepEqual(planned[0]?.payload, {
      inputId: 'in-1',
      source: '/data/in-1.png',
      instruction: 'Make the cup red',
      decomposer: { type: 'given' },
      principles,
    });
    assert.deepEqual(planned[2]?.payload, { inputId: 'in-1', source: 'mine', candidateId: 'b' });
    // Planned units that are stored are not planned again.
    assert.deepEqual(
      planInput(
        input,
        context(),
        planned.map((u) => stored(u, 'pending')),
      ),
      [],
    );
  });

  test('rule and vlm decomposers: their own keys; vlm spends its backend', () => {
    const rule = planInput(
      input,
      { ...context(), config: { ...config(), decomposer: { type: 'rule' } } },
      [],
    )[0]!;
    assert.equal(
      rule.key,
      unitKey('decompose', { inputId: 'in-1', type: 'rule', instruction: 'Make the cup red' }),
    );
    assert.equal(rule.resource, 'local');
    const vlmConfig = {
      ...config(),
      decomposer: { type: 'vlm' as const, backend: 'qwen', model: 'Qwen-VL' },
    };
    const vlm = planInput(input, { ...context(), config: vlmConfig }, [])[0]!;
    const parts = {
      inputId: 'in-1',
      type: 'vlm',
      source: 'src-sha',
      instruction: 'Make the cup red',
      model: 'Qwen-VL',
    };
    assert.equal(vlm.key, unitKey('decompose', parts));
    assert.equal(vlm.resource, 'qwen');
  });

  test('no traces before principles; once decompose and a candidate are done: member x sample traces', () => {
    const [decompose, a, b] = planInput(input, context(), []);
    assert.deepEqual(
      planInput(input, context(), [
        stored(decompose!, 'pending'),
        stored(a!, 'done', edited('a')),
        stored(b!, 'pending'),
      ]),
      [],
    );
    const traces = planInput(input, context(), afterCandidateA());
    assert.deepEqual(
      traces.map((t) => [t.key, t.stage, t.resource]),
      [
        [qwen0, 'trace', 'qwen'],
        [qwen1, 'trace', 'qwen'],
        [noisy0, 'trace', 'noisy'],
      ],
    );
    const payload: TracePayload = {
      inputId: 'in-1',
      quadrupleId: 'in-1/aa-sha',
      source: '/data/in-1.png',
      edited: '/edits/a.png',
      instruction: 'Make the cup red',
      category: 'color_change',
      principles,
      member: 0,
      backend: 'qwen',
      model: 'Qwen-VL',
      promptVariant: 'strict',
      temperature: 0.7,
      sampleIndex: 1,
    };
    assert.deepEqual(traces[1]?.payload, payload);
    assert.equal((traces[2]?.payload as TracePayload).model, 'embedded-noisy');
  });

  test("trace keys do not depend on the backend's name or URL", () => {
    const renamed = config('http://gpu-7:9000/v1', 'vllm');
    const [decompose, a, b] = planInput(input, context(renamed), []);
    const units = [
      stored(decompose!, 'done', { principles }),
      stored(a!, 'done', edited('a')),
      stored(b!, 'pending'),
    ];
    const traces = planInput(input, context(renamed), units);
    assert.deepEqual(
      traces.map((t) => [t.key, t.resource]),
      [
        [qwen0, 'vllm'],
        [qwen1, 'vllm'],
        [noisy0, 'noisy'],
      ],
    );
  });

  test('a second candidate with the same image bytes is the same quadruple: no new traces', () => {
    const units = withTraces({ [qwen0]: 'pending', [qwen1]: 'pending', [noisy0]: 'pending' });
    const b = units.find((u) => u.key === candidateKey('b'))!;
    const same = units.map((u) => (u === b ? { ...u, status: 'done' as const, result: edited('a') } : u));
    assert.deepEqual(planInput(input, context(), same), []);
    const other = units.map((u) => (u === b ? { ...u, status: 'done' as const, result: edited('b') } : u));
    assert.equal(planInput(input, context(), other).length, 3);
  });

  test('verify waits until every trace is settled and one is done; references are the done ones in key order', () => {
    assert.deepEqual(
      planInput(input, context(), withTraces({ [qwen0]: 'done', [qwen1]: 'running', [noisy0]: 'done' })),
      [],
    );
    assert.deepEqual(
      planInput(input, context(), withTraces({ [qwen0]: 'failed', [qwen1]: 'failed', [noisy0]: 'failed' })),
      [],
    );
    const planned = planInput(
      input,
      context(),
      withTraces({ [qwen0]: 'done', [qwen1]: 'failed', [noisy0]: 'done' }),
    );
    assert.equal(planned.length, 1);
    const verify = planned[0]!;
    const done = [qwen0, noisy0].sort();
    assert.equal(verify.stage, 'verify');
    assert.equal(verify.resource, 'qwen');
    assert.equal(
      verify.key,
      unitKey('verify', {
        inputId: 'in-1',
        source: 'src-sha',
        edited: 'aa-sha',
        instruction: 'Make the cup red',
        principles,
        references: done,
        verifier: { type: 'vlm', model: 'Qwen-VL', temperature: 0 },
      }),
    );
    const payload = verify.payload as VerifyPayload;
    assert.deepEqual(
      payload.references.map((r) => [r.key, r.member]),
      done.map((key) => [key, key === qwen0 ? 0 : 1]),
    );
    assert.deepEqual(payload.references[0]?.points, points([1, 0]));
    assert.equal(payload.oracleGold, undefined);
  });

  test('select follows a done verify unit, on the local resource', () => {
    const units = withTraces({ [qwen0]: 'done', [qwen1]: 'done', [noisy0]: 'done' });
    const [verify] = planInput(input, context(), units);
    assert.deepEqual(planInput(input, context(), [...units, stored(verify!, 'running')]), []);
    const select = planInput(input, context(), [...units, stored(verify!, 'done', { gold: [] })]);
    assert.deepEqual(select, [
      {
        key: unitKey('select', { inputId: 'in-1', verify: verify!.key }),
        stage: 'select',
        inputId: 'in-1',
        resource: 'local',
        payload: { inputId: 'in-1', quadrupleId: 'in-1/aa-sha', verify: verify!.key },
      },
    ]);
  });
});

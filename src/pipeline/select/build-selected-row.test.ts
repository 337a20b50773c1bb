import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, type Principle } from '../../core/index.js';
import type { GoldLabel, TracePayload, TraceResult, VerifyPayload } from '../types.js';
import { buildSelectedRow } from './build-selected-row.js';
import { selectTrace } from './select-trace.js';

const principles: Principle[] = [
  { question: 'Is the cup red?', category: 'instruction-following' },
  { question: 'Is the table kept?', category: 'feature-preservation' },
];
const verify: VerifyPayload = {
  inputId: 'in-7',
  quadrupleId: 'q-7',
  source: '/data/src.png',
  edited: '/run/edit.png',
  instruction: 'Make the cup red',
  principles,
  references: [],
};
const gold: GoldLabel[] = [
  { question: 'Is the cup red?', gold: 1, reason: 'red' },
  { question: 'Is the table kept?', gold: 0, reason: 'leg gone' },
];
const tracePayload: TracePayload = {
  inputId: 'in-7',
  quadrupleId: 'q-7',
  source: '/data/src.png',
  edited: '/run/edit.png',
  instruction: 'Make the cup red',
  category: 'color',
  principles,
  member: 1,
  backend: 'qwen',
  model: 'qwen-vl',
  promptVariant: 'concise',
  temperature: 1,
  sampleIndex: 0,
};
const results: TraceResult[] = [
  {
    trace: 'A',
    points: principles.map((p) => ({ ...p, score: 1 as const })),
    averageScore: 1,
    finalScore: 9,
  },
  {
    trace: 'B',
    points: principles.map((p, i) => ({ ...p, score: (i === 0 ? 1 : 0) as 0 | 1 })),
    averageScore: 0.5,
    finalScore: 6.5,
  },
];

describe('buildSelectedRow', () => {
  it('assembles the row from the verify payload, gold, the selection and the kept trace', () => {
    const selection = selectTrace(gold, results);
    assert.equal(selection.index, 1);
    const row = buildSelectedRow({ verify, gold, selection, tracePayload, trace: results[1]! });
    assert.deepEqual(row, {
      quadrupleId: 'q-7',
      inputId: 'in-7',
      category: 'color',
      instruction: 'Make the cup red',
      source: '/data/src.png',
      edited: '/run/edit.png',
      principles,
      gold,
      trace: 'B',
      finalScore: 6.5,
      averageScore: 0.5,
      member: 1,
      model: 'qwen-vl',
      promptVariant: 'concise',
      accuracy: 1,
      traceAccuracies: [0.5, 1],
    });
  });

  it('counts a row with no category as uncategorized', () => {
    const { category: _, ...bare } = tracePayload;
    const selection = selectTrace(gold, results);
    const row = buildSelectedRow({ verify, gold, selection, tracePayload: bare, trace: results[1]! });
    assert.equal(row.category, 'uncategorized');
  });

  it('refuses a trace of another quadruple, or gold that does not fit the principles', () => {
    const selection = selectTrace(gold, results);
    assert.throws(
      () =>
        buildSelectedRow({
          verify,
          gold,
          selection,
          tracePayload: { ...tracePayload, quadrupleId: 'q-8' },
          trace: results[0]!,
        }),
      (e: unknown) => e instanceof UsageError && /belongs to quadruple q-8, not q-7/.test(e.message),
    );
    assert.throws(
      () => buildSelectedRow({ verify, gold: gold.slice(1), selection, tracePayload, trace: results[0]! }),
      UsageError,
    );
  });
});

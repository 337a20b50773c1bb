import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UsageError } from '../../core/index.js';
import { estimateCost, formatCost } from './cost.js';

test('cost per backend: tokens times the price per million, null without pricing', () => {
  const costs = estimateCost(
    {
      qwen: { promptTokens: 1_234_567, completionTokens: 234_567 },
      embedded: { promptTokens: 0, completionTokens: 0 },
      gpt: { promptTokens: 2_000_000, completionTokens: 500_000 },
    },
    {
      qwen: { promptPerMillion: 0.2, completionPerMillion: 0.6 },
      gpt: { promptPerMillion: 2.5, completionPerMillion: 10 },
    },
  );
  assert.deepEqual(
    costs.map((c) => c.backend),
    ['embedded', 'gpt', 'qwen'],
  );
  assert.equal(costs[0]!.usd, null);
  // 2M x 2.5/M + 0.5M x 10/M = 5 + 5.
  assert.equal(costs[1]!.usd, 10);
  // 1,234,567 x 0.2/M = 0.2469134; 234,567 x 0.6/M = 0.1407402.
  assert.ok(Math.abs(costs[2]!.usd! - 0.3876536) < 1e-12);
  assert.equal(costs[2]!.promptTokens, 1_234_567);
});

test('the status table: aligned columns, cents or four places, a total over priced backends, unpriced ones named', () => {
  const text = formatCost(
    estimateCost(
      {
        qwen: { promptTokens: 1_234_567, completionTokens: 234_567 },
        local: { promptTokens: 1000, completionTokens: 10 },
        tiny: { promptTokens: 1000, completionTokens: 0 },
      },
      {
        qwen: { promptPerMillion: 0.2, completionPerMillion: 0.6 },
        tiny: { promptPerMillion: 0.2, completionPerMillion: 0.6 },
      },
    ),
  );
  assert.equal(
    text,
    [
      'backend  prompt tokens  completion tokens   est. cost',
      'local            1,000                 10  no pricing',
      'qwen         1,234,567            234,567       $0.39',
      'tiny             1,000                  0     $0.0002',
      'total        1,236,567            234,577      $0.39*',
      '* priced backends only; no pricing for local (set backends.<name>.pricing)',
    ].join('\n'),
  );
});

test('one backend: no total row', () => {
  const text = formatCost(
    estimateCost(
      { qwen: { promptTokens: 0, completionTokens: 0 } },
      { qwen: { promptPerMillion: 1, completionPerMillion: 1 } },
    ),
  );
  assert.equal(
    text,
    'backend  prompt tokens  completion tokens  est. cost\nqwen                 0                  0      $0.00',
  );
});

test('negative counts or prices are refused with the field named', () => {
  assert.throws(
    () => estimateCost({ qwen: { promptTokens: -1, completionTokens: 0 } }, {}),
    (e) => e instanceof UsageError && e.message.startsWith('usage.qwen.promptTokens:'),
  );
  assert.throws(
    () =>
      estimateCost(
        { qwen: { promptTokens: 1, completionTokens: 0 } },
        { qwen: { promptPerMillion: Number.NaN, completionPerMillion: 0 } },
      ),
    (e) => e instanceof UsageError && e.message.startsWith('backends.qwen.pricing.promptPerMillion:'),
  );
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { configFingerprint } from './fingerprint.js';
import { parseRunConfig } from './load-run-config.js';
import type { RunConfigInput } from './schema.js';

const base = {
  store: 'sqlite:a.sqlite',
  workDir: 'run',
  inputs: { jsonl: 'inputs.jsonl' },
  backends: {
    qwen: { type: 'openai', baseURL: 'http://localhost:8000/v1', requestsPerMinute: 600, concurrency: 16 },
    noisy: { type: 'embedded-noisy', flip: 0.15 },
  },
  decomposer: { type: 'rule' },
  candidates: [{ name: 'flux', type: 'folder', path: 'edits' }],
  tracePool: [
    { backend: 'qwen', model: 'Qwen2.5-VL-72B-Instruct', temperature: 0.7, n: 2 },
    { backend: 'noisy', promptVariant: 'strict', temperature: 1, n: 2 },
  ],
  verifier: { type: 'vlm', backend: 'qwen', model: 'Qwen2.5-VL-72B-Instruct' },
  seed: 1,
} satisfies RunConfigInput;

const fingerprint = (config: object) => configFingerprint(parseRunConfig(config, '/runs/a'));
const withQwen = (change: object) => ({
  ...base,
  backends: { ...base.backends, qwen: { ...base.backends.qwen, ...change } },
});

describe('configFingerprint', () => {
  test('is a hex sha256, the same for the same config', () => {
    assert.match(fingerprint(base), /^[0-9a-f]{64}$/);
    assert.equal(fingerprint(base), fingerprint(structuredClone(base)));
  });

  test('ignores the store, workDir, rate limits, concurrency, pricing, URL, key, retries, selection and export', () => {
    const same = [
      { ...base, store: 'postgres://u:pw@db:5432/runs' },
      { ...base, workDir: 'elsewhere' },
      withQwen({
        requestsPerMinute: 60,
        tokensPerMinute: 1000,
        concurrency: 2,
        timeoutMs: 5000,
        maxRetries: 1,
      }),
      withQwen({ pricing: { promptPerMillion: 1, completionPerMillion: 2 }, apiKeyEnv: 'KEY' }),
      withQwen({ baseURL: 'http://gpu-2:8000/v1' }),
      { ...base, retries: { maxAttempts: 9 }, select: { minAccuracy: 0.9 }, export: { images: 'link' } },
    ];
    for (const config of same) assert.equal(fingerprint(config), fingerprint(base), JSON.stringify(config));
  });

  test('a renamed backend is the same run; another pool, model, noise, input or seed is not', () => {
    const renamed = {
      ...base,
      backends: { vlm: base.backends.qwen, noisy: base.backends.noisy },
      tracePool: [{ ...base.tracePool[0], backend: 'vlm' }, base.tracePool[1]],
      verifier: { ...base.verifier, backend: 'vlm' },
    };
    assert.equal(fingerprint(renamed), fingerprint(base));
    const different = [
      { ...base, tracePool: [base.tracePool[0]] },
      { ...base, tracePool: [{ ...base.tracePool[0], temperature: 0.8 }, base.tracePool[1]] },
      { ...base, tracePool: [base.tracePool[0], { ...base.tracePool[1], promptVariant: 'concise' }] },
      { ...base, verifier: { ...base.verifier, model: 'Qwen2.5-VL-7B-Instruct' } },
      { ...base, backends: { ...base.backends, noisy: { type: 'embedded-noisy', flip: 0.3 } } },
      { ...base, inputs: { jsonl: 'other.jsonl' } },
      { ...base, decomposer: { type: 'vlm', backend: 'qwen', model: 'm' } },
      { ...base, candidates: [{ name: 'flux2', type: 'folder', path: 'edits' }] },
      { ...base, seed: 2 },
    ];
    const prints = new Set([fingerprint(base), ...different.map(fingerprint)]);
    assert.equal(prints.size, different.length + 1);
  });
});

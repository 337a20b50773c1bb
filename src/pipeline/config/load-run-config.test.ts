import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError } from '../../core/index.js';
import { loadRunConfig, parseRunConfig } from './load-run-config.js';

const EXAMPLE = `
store: sqlite:pipeline.sqlite
workDir: run/
inputs:
  jsonl: data/inputs.jsonl
backends:
  qwen:   {type: openai, baseURL: http://localhost:8000/v1, apiKeyEnv: OPENAI_API_KEY,
           requestsPerMinute: 600, tokensPerMinute: 2000000, concurrency: 16, timeoutMs: 120000,
           pricing: {promptPerMillion: 0.2, completionPerMillion: 0.6}}
  editor: {type: openai, baseURL: http://localhost:9000/v1}
  embedded: {type: embedded}
  noisy:  {type: embedded-noisy, flip: 0.15}
decomposer: {type: rule}
candidates:
  - {name: flux, type: folder, path: edits/}
  - {name: mine, type: jsonl, path: /abs/edits.jsonl}
  - {name: kontext, type: image-edit, backend: editor, model: flux-kontext, n: 2}
tracePool:
  - {backend: qwen, model: Qwen2.5-VL-72B-Instruct, promptVariant: standard, temperature: 0.7, n: 2}
  - {backend: noisy, promptVariant: strict, temperature: 1.0, n: 2}
verifier: {type: vlm, backend: qwen, model: Qwen2.5-VL-72B-Instruct}
select: {minAccuracy: 0.6}
retries: {maxAttempts: 3}
export: {images: link}
seed: 1
`;

async function configFile(text: string, name = 'run.yaml'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'run-config-'));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

/** The ConfigError's problem lines (without the header naming the file). */
function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.message
      .split('\n')
      .slice(1)
      .map((l) => l.trim());
  }
  assert.fail('expected a ConfigError');
}

const editworldBase = {
  inputs: { editworld: { seed: 7, sources: 3 } },
  decomposer: { type: 'given' },
  backends: { embedded: { type: 'embedded' } },
  candidates: [{ name: 'world', type: 'editworld' }],
  tracePool: [{ backend: 'embedded', temperature: 0 }],
  verifier: { type: 'oracle' },
};

describe('loadRunConfig', () => {
  test("reads pipeline.md's example, resolves paths against the config's folder and fills defaults", async () => {
    const path = await configFile(EXAMPLE);
    const dir = join(path, '..');
    const config = await loadRunConfig(path);
    assert.equal(config.store, `sqlite:${join(dir, 'pipeline.sqlite')}`);
    assert.equal(config.workDir, join(dir, 'run'));
    assert.deepEqual(config.inputs, { jsonl: join(dir, 'data/inputs.jsonl') });
    assert.deepEqual(config.candidates[0], { name: 'flux', type: 'folder', path: join(dir, 'edits') });
    assert.deepEqual(config.candidates[1], { name: 'mine', type: 'jsonl', path: '/abs/edits.jsonl' });
    assert.equal(config.backends.editor?.type === 'openai' && config.backends.editor.concurrency, 8);
    assert.equal(config.backends.qwen?.type === 'openai' && config.backends.qwen.concurrency, 16);
    assert.equal(config.tracePool[1]?.promptVariant, 'strict');
    assert.equal(config.export.images, 'link');
    assert.equal(config.seed, 1);
  });

  test('JSON works too, with defaults for store, workDir, select, retries, export, seed and the EditWorld mix', async () => {
    const path = await configFile(JSON.stringify(editworldBase), 'run.json');
    const config = await loadRunConfig(path);
    assert.equal(config.store, `sqlite:${join(path, '..', 'pipeline.sqlite')}`);
    assert.deepEqual(config.select, { minAccuracy: 0.6 });
    assert.deepEqual(config.retries, { maxAttempts: 3 });
    assert.deepEqual(config.export, { images: 'copy' });
    assert.deepEqual(config.inputs, { editworld: { seed: 7, sources: 3, size: 256 } });
    const world = config.candidates[0];
    assert.ok(world?.type === 'editworld');
    assert.equal(world.perInput, 4);
    assert.equal(world.mix.perfect, 0.22);
    assert.deepEqual(config.tracePool[0], {
      backend: 'embedded',
      temperature: 0,
      promptVariant: 'standard',
      n: 1,
    });
  });

  test('--store replaces the store; a relative SQLite path is taken from the working directory', async () => {
    const path = await configFile(EXAMPLE);
    const pg = await loadRunConfig(path, { store: 'postgres://me@127.0.0.1:5432/runs' });
    assert.equal(pg.store, 'postgres://me@127.0.0.1:5432/runs');
    const local = await loadRunConfig(path, { store: 'sqlite:other.sqlite' });
    assert.equal(local.store, `sqlite:${join(process.cwd(), 'other.sqlite')}`);
    await assert.rejects(
      loadRunConfig(path, { store: 'mysql://x' }),
      /--store: expected sqlite:PATH or postgres/,
    );
  });

  test('a YAML syntax error names its line and column', async () => {
    const path = await configFile('store: sqlite:a\ninputs: {jsonl: a.jsonl\nseed: 1\n');
    await assert.rejects(loadRunConfig(path), (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.match(e.message, new RegExp(`invalid run config ${path}`));
      assert.match(e.message, /line 3, column 1: /);
      return true;
    });
  });

  test('a duplicate key is a syntax error at its line', async () => {
    const path = await configFile('seed: 1\nworkDir: run\nseed: 2\n');
    await assert.rejects(loadRunConfig(path), /line 3, column 1: Map keys must be unique/);
  });

  test('a missing file says which path it tried', async () => {
    await assert.rejects(
      loadRunConfig('/no/such/run.yaml'),
      /cannot read run config \/no\/such\/run\.yaml \(ENOENT\)/,
    );
  });
});

describe('parseRunConfig issues', () => {
  test('lists every structural problem as path: message, a misspelt key with the right spellings', () => {
    const lines = problems(() =>
      parseRunConfig(
        {
          ...editworldBase,
          backends: { qwen: { type: 'openai', baseUrl: 'http://x/v1' }, bad: { type: 'gpt' } },
          tracePool: [
            { backend: 'qwen', temperature: 0.7 },
            { backend: 'embedded', temperature: 3, promptVariant: 'loud' },
          ],
          candidates: [{ name: 'world', type: 'editworld', mix: { perfect: 0 } }],
          select: { minAccuracy: 1.5 },
        },
        '/tmp',
      ),
    );
    assert.deepEqual(lines.sort(), [
      'backends.bad.type: expected one of openai, embedded, embedded-noisy',
      'backends.qwen.baseURL: required: expected an http(s) URL such as http://localhost:8000/v1',
      'backends.qwen.baseUrl: unknown key; use type, baseURL, apiKeyEnv, requestsPerMinute, tokensPerMinute, concurrency, timeoutMs, maxRetries, pricing',
      'candidates[0].mix: give at least one failure mode a weight above 0',
      'select.minAccuracy: expected a number from 0 to 1',
      'tracePool[1].promptVariant: expected one of standard, strict, concise',
      'tracePool[1].temperature: expected a number from 0 to 2',
    ]);
  });

  test('cross-field problems name their paths: unknown or wrong-typed backends, openai model, editworld-only parts', () => {
    const lines = problems(() =>
      parseRunConfig(
        {
          inputs: { jsonl: 'in.jsonl' },
          backends: {
            local: { type: 'embedded' },
            emb: { type: 'embedded' },
            vlm: { type: 'openai', baseURL: 'http://localhost:8000/v1' },
          },
          decomposer: { type: 'vlm', backend: 'emb', model: 'm' },
          candidates: [
            { name: 'a', type: 'image-edit', backend: 'nowhere', model: 'm' },
            { name: 'w', type: 'editworld' },
          ],
          tracePool: [
            { backend: 'vlm', temperature: 0.7 },
            { backend: 'emb', temperature: 1 },
          ],
          verifier: { type: 'oracle' },
        },
        '/tmp',
      ),
    );
    assert.deepEqual(lines, [
      'backends.local: the name "local" is reserved for in-process work (the store\'s resource for it); rename this backend',
      'decomposer.backend: backend "emb" is embedded, but the vlm decomposer needs openai',
      'candidates[0].backend: no backend named "nowhere" (backends has local, emb, vlm); add it under backends',
      'candidates[1].type: editworld candidates need editworld inputs (inputs: {editworld: {...}}); use folder, jsonl or image-edit',
      'tracePool[0].model: required: backend "vlm" is openai, so name the model to ask',
      "verifier.type: the oracle verifier knows only EditWorld's truth: use editworld inputs, or {type: vlm, backend, model}",
    ]);
  });

  test('inputs takes exactly one kind; candidate names must be unique; store URLs are checked', () => {
    const lines = problems(() =>
      parseRunConfig(
        {
          ...editworldBase,
          store: 'redis://x',
          inputs: { jsonl: 'a.jsonl', editworld: { seed: 1, sources: 2 } },
          candidates: [
            { name: 'w', type: 'editworld' },
            { name: 'w', type: 'folder', path: 'x' },
          ],
        },
        '/tmp',
      ),
    );
    assert.deepEqual(lines, [
      'store: expected sqlite:PATH or postgres://user@host:5432/db',
      'inputs: give exactly one of jsonl: PATH or editworld: {seed, sources, size}',
      'candidates: candidate source names must be unique',
    ]);
  });

  test('a trace-pool member may use an embedded backend without a model, a VLM verifier needs openai', () => {
    const lines = problems(() =>
      parseRunConfig(
        { ...editworldBase, verifier: { type: 'vlm', backend: 'embedded', model: 'm' } },
        '/tmp',
      ),
    );
    assert.deepEqual(lines, [
      'verifier.backend: backend "embedded" is embedded, but the vlm verifier needs openai',
    ]);
  });
});

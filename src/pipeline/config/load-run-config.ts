import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../../core/index.js';
import { formatIssues, requiredMessage } from './format-issues.js';
import { RunConfigSchema, type RunConfig } from './schema.js';
import { resolveStoreUrl, StoreUrlSchema } from './store-url.js';

export interface RunConfigOverrides {
  /** `--store`: replaces the config's store; a relative SQLite path is taken from the working directory. */
  store?: string;
}

function fail(origin: string, problems: readonly string[]): never {
  throw new ConfigError(`invalid run config ${origin}:\n${problems.map((p) => `  ${p}`).join('\n')}`);
}

/**
 * Validates a config as users write it and makes every path absolute against `baseDir` (the config
 * file's folder): workDir, the inputs JSONL, folder and JSONL candidate sources, a relative SQLite store.
 * Throws a ConfigError listing every problem as `path: message`. `origin` names the config in messages.
 */
export function parseRunConfig(value: unknown, baseDir: string, origin = '(config)'): RunConfig {
  const parsed = RunConfigSchema.safeParse(value, { error: requiredMessage });
  if (!parsed.success) fail(origin, formatIssues(parsed.error.issues));
  const config = parsed.data;
  const at = (path: string) => resolve(baseDir, path);
  return {
    ...config,
    store: resolveStoreUrl(config.store, baseDir),
    workDir: at(config.workDir),
    inputs: 'jsonl' in config.inputs ? { jsonl: at(config.inputs.jsonl) } : config.inputs,
    candidates: config.candidates.map((source) =>
      source.type === 'folder' || source.type === 'jsonl' ? { ...source, path: at(source.path) } : source,
    ),
  };
}

function parseText(text: string, path: string): unknown {
  // JSON is YAML, so one parser serves both and a JSON syntax error gets a line and column too.
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    fail(
      path,
      doc.errors.map((e) => {
        const { line, col } = lineCounter.linePos(e.pos[0]);
        return `line ${line}, column ${col}: ${e.message}`;
      }),
    );
  }
  return doc.toJS();
}

/**
 * Reads a run config (YAML or JSON), validates it and returns it with absolute paths; `overrides.store`
 * (the CLI's `--store`) replaces the store. Throws a ConfigError naming the file and every problem.
 */
export async function loadRunConfig(path: string, overrides: RunConfigOverrides = {}): Promise<RunConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code ?? String(error);
    throw new ConfigError(`cannot read run config ${file} (${code}): check the --config path`, {
      cause: error,
    });
  }
  const config = parseRunConfig(parseText(text, file), dirname(file), file);
  if (overrides.store === undefined) return config;
  const store = StoreUrlSchema.safeParse(overrides.store);
  if (!store.success) fail(file, [`--store: ${store.error.issues[0]?.message ?? 'invalid store URL'}`]);
  return { ...config, store: resolveStoreUrl(store.data, process.cwd()) };
}

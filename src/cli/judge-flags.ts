import { Option, type Command } from 'commander';
import { ConfigError } from '../core/index.js';
import type { JudgeConfig } from '../create-judge.js';
import type { CliContext } from './context.js';
import { parseInteger, parseNumber } from './parse-flags.js';

/** The flags every command that talks to a judge shares, declared once. */
export function addJudgeFlags(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--backend <name>',
        'who judges: embedded (offline) or openai (any OpenAI-compatible VLM server)',
      )
        .choices(['embedded', 'openai'])
        .default('embedded'),
    )
    .option(
      '--base-url <url>',
      'OpenAI-compatible server, e.g. http://localhost:8000/v1 (env EDIT_R1_BASE_URL)',
    )
    .option('--model <name>', 'model name on that server (env EDIT_R1_MODEL)')
    .option(
      '--api-key-env <name>',
      'environment variable holding the API key (unset: none, as local servers need)',
      'OPENAI_API_KEY',
    )
    .option(
      '--temperature <t>',
      'sampling temperature (default 0 for one judgement, 0.7 for --samples)',
      parseNumber,
    )
    .option('--max-tokens <n>', 'most tokens a reply may have', parseInteger)
    .option(
      '--logprobs <k>',
      'ask for token logprobs (k alternatives) and report the expected score',
      parseInteger,
    )
    .option('--timeout <ms>', 'per-request timeout in milliseconds', parseInteger)
    .option('--max-retries <n>', 'retries after a failed request (default 4)', parseInteger)
    .option('--concurrency <n>', 'most requests in flight to the backend', parseInteger)
    .option('--max-side <px>', 'longest side of images sent to the VLM (default 1024)', parseInteger)
    .option('--max-pixels <n>', 'refuse images with more pixels than this', parseInteger)
    .option('--allow-remote', 'allow http(s) image URLs (off: only files and data URLs)')
    .addOption(
      new Option('--decomposer <name>', 'who writes principles when none are given').choices(['vlm', 'rule']),
    )
    .option('--seed <n>', 'seed for sampling (exemplar choice, request seeds)', parseInteger);
}

export interface JudgeFlags {
  backend: 'embedded' | 'openai';
  baseUrl?: string;
  model?: string;
  apiKeyEnv: string;
  temperature?: number;
  maxTokens?: number;
  logprobs?: number;
  timeout?: number;
  maxRetries?: number;
  concurrency?: number;
  maxSide?: number;
  maxPixels?: number;
  allowRemote?: boolean;
  decomposer?: 'vlm' | 'rule';
  seed?: number;
}

/**
 * Flags (and their environment fallbacks) to a judge config. The API key never travels on the command
 * line: it is read from the variable --api-key-env names (unset or empty: no key, as local servers
 * need), and recorded as a secret so that no output or error shows it.
 */
export function judgeConfigFromFlags(
  flags: JudgeFlags,
  context: Pick<CliContext, 'env' | 'secrets'>,
): JudgeConfig {
  if (flags.backend === 'embedded' && (flags.baseUrl !== undefined || flags.model !== undefined)) {
    throw new ConfigError('--base-url and --model need --backend openai (the embedded judge runs offline)');
  }
  const { env } = context;
  const apiKey = env[flags.apiKeyEnv] || undefined;
  if (apiKey) context.secrets.add(apiKey);
  // The server settings (and their environment fallbacks) only matter to a backend that has a server.
  const server =
    flags.backend === 'openai'
      ? { baseURL: flags.baseUrl ?? env.EDIT_R1_BASE_URL, model: flags.model ?? env.EDIT_R1_MODEL, apiKey }
      : {};
  return {
    backend: flags.backend,
    ...server,
    temperature: flags.temperature,
    sampleTemperature: flags.temperature,
    maxTokens: flags.maxTokens,
    logprobs: flags.logprobs,
    timeoutMs: flags.timeout,
    maxRetries: flags.maxRetries,
    concurrency: flags.concurrency,
    maxSide: flags.maxSide,
    decomposer: flags.decomposer,
    seed: flags.seed,
    imageLimits: {
      ...(flags.maxPixels === undefined ? {} : { maxPixels: flags.maxPixels }),
      allowRemote: flags.allowRemote === true,
    },
  };
}

import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { ConfigError } from '../../core/index.js';
import { createJudgeAndDecomposer } from '../../create-judge.js';
import {
  openAIModelsProbe,
  parseKeyList,
  startRewardServer,
  tuneHeapForServing,
} from '../../server/index.js';
import type { CliContext } from '../context.js';
import { addJudgeFlags, judgeConfigFromFlags, type JudgeFlags } from '../judge-flags.js';
import { judgeFingerprint } from '../judge-fingerprint.js';
import { parseInteger, parsePositiveInteger } from '../parse-flags.js';

interface ServeFlags extends JudgeFlags {
  port: number;
  host: string;
  keysEnv?: string;
  keysFile?: string;
  insecurePublic?: boolean;
  allowHosts?: string;
  cache?: string;
  queue?: number;
  deadlineMs?: number;
  receiveMs?: number;
  bodyLimit?: number;
}

/** The client keys: from a variable (comma-separated) or a file (one a line), never the VLM's own key. */
async function readKeys(flags: ServeFlags, env: NodeJS.ProcessEnv, vlmKey: string | undefined) {
  if (flags.keysEnv !== undefined && flags.keysFile !== undefined) {
    throw new ConfigError('give client keys with --keys-env or --keys-file, not both');
  }
  let keys: string[] = [];
  if (flags.keysEnv !== undefined) {
    if (flags.keysEnv === flags.apiKeyEnv) {
      throw new ConfigError(
        `--keys-env ${flags.keysEnv} is also the VLM's key variable (--api-key-env); put the clients' keys in a variable of their own`,
      );
    }
    keys = parseKeyList(env[flags.keysEnv] ?? '', /,/);
    if (keys.length === 0) throw new ConfigError(`--keys-env ${flags.keysEnv}: that variable holds no keys`);
  } else if (flags.keysFile !== undefined) {
    const text = await readFile(flags.keysFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(
        `cannot read --keys-file ${flags.keysFile} (${error.code ?? String(error)}); check the path and its permissions`,
      );
    });
    keys = parseKeyList(text, /\r?\n/);
    if (keys.length === 0) throw new ConfigError(`--keys-file ${flags.keysFile} holds no keys (one a line)`);
  }
  if (vlmKey !== undefined && keys.includes(vlmKey)) {
    throw new ConfigError("a client key is the VLM's own API key; give clients keys of their own");
  }
  return keys;
}

/** Resolves at the first SIGTERM or SIGINT. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

export function serveCommand(context: CliContext): Command {
  const command = new Command('serve')
    .description('serve the reward model over HTTP (POST /v1/rewards) until SIGTERM or SIGINT')
    .option('--port <n>', 'port to listen on (0: any free port)', parseInteger, 8080)
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--keys-env <name>', 'environment variable with the client API keys, comma-separated')
    .option('--keys-file <path>', 'file with the client API keys, one a line')
    .option('--insecure-public', 'listen on a non-loopback host without API keys')
    .option('--allow-hosts <hosts>', 'hosts whose http(s) image URLs may be fetched, comma-separated')
    .option('--cache <file>', 'SQLite file keeping verdicts across restarts (else memory only)')
    .option('--queue <n>', 'most edits waiting for the judge before 429 (default 256)', parsePositiveInteger)
    .option('--deadline-ms <n>', 'per-request deadline before 504 (default 120000)', parsePositiveInteger)
    .option(
      '--receive-ms <n>',
      'time to receive a whole request before 408 (default 120000)',
      parsePositiveInteger,
    )
    .option('--body-limit <bytes>', 'largest request body (default 64 MiB)', parsePositiveInteger);
  addJudgeFlags(command);
  return command.action(async (flags: ServeFlags) => {
    if (flags.allowRemote) {
      throw new ConfigError('serve fetches image URLs only from --allow-hosts; drop --allow-remote');
    }
    const config = judgeConfigFromFlags(flags, context);
    const keys = await readKeys(flags, context.env, config.apiKey);
    for (const key of keys) context.secrets.add(key);
    const { judge, decomposer } = createJudgeAndDecomposer(config);
    // This process only serves: its collector can be set for that (see serving-heap.ts).
    tuneHeapForServing();
    const server = await startRewardServer({
      judge,
      decomposer,
      judgeFingerprint: judgeFingerprint(config),
      host: flags.host,
      port: flags.port,
      keys,
      insecurePublic: flags.insecurePublic === true,
      allowHosts: flags.allowHosts ? parseKeyList(flags.allowHosts, /,/) : [],
      limits: {
        // The judge's slots follow the backend's: with fewer, a backend allowed more would never get them.
        ...(config.concurrency === undefined ? {} : { concurrency: config.concurrency }),
        ...(flags.queue === undefined ? {} : { queueDepth: flags.queue }),
        ...(flags.deadlineMs === undefined ? {} : { deadlineMs: flags.deadlineMs }),
        ...(flags.receiveMs === undefined ? {} : { receiveMs: flags.receiveMs }),
        ...(flags.bodyLimit === undefined ? {} : { bodyBytes: flags.bodyLimit }),
        ...(flags.maxPixels === undefined ? {} : { maxPixels: flags.maxPixels }),
      },
      ...(flags.cache === undefined ? {} : { cacheFile: flags.cache }),
      // Logs go through the CLI's writer, which masks every key it was told of.
      logger: { level: 'info', stream: { write: (line: string) => context.io.err(line) } },
      ...(config.backend === 'openai' && config.baseURL
        ? { ready: openAIModelsProbe({ baseURL: config.baseURL, apiKey: config.apiKey }) }
        : {}),
    });
    const stopped = stopSignal();
    context.io.out(`edit-r1 reward service (${judge.id}) listening on ${server.url}`);
    const signal = await stopped;
    context.io.out(`${signal}: finishing in-flight requests`);
    await server.close();
    context.io.out('stopped');
  });
}

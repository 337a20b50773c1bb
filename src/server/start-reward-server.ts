import { ConfigError } from '../core/index.js';
import { isLoopback } from './api-keys.js';
import { createRewardApp } from './create-reward-app.js';
import type { RewardServerOptions, RunningServer } from './options.js';

/**
 * Starts the reward service and resolves once it listens. Without API keys it listens only on a
 * loopback host, unless `insecurePublic` says an open service is meant.
 */
export async function startRewardServer(options: RewardServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if ((options.keys ?? []).length === 0 && !isLoopback(host) && !options.insecurePublic) {
    throw new ConfigError(
      `refusing to listen on ${host} without API keys: anyone who can reach it could spend the judge; pass --keys-env NAME or --keys-file PATH, or --insecure-public if that is meant`,
    );
  }
  const app = createRewardApp(options);
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, app, close: () => app.close() };
}

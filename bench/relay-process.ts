import { exited, once, startChild } from './child.js';

export interface RelaySettings {
  /** The stand-in VLM's base URL, e.g. http://127.0.0.1:41234/v1. */
  baseURL: string;
  model: string;
  /** Connections to the stand-in, as the server's backend concurrency. */
  concurrency: number;
}

export interface RelayProcess {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The relay (relay-child.ts) in a process of its own, as the reward service runs in one: the floor
 * that the service's added latency is read against.
 */
export async function startRelayProcess(settings: RelaySettings): Promise<RelayProcess> {
  const { child, ready } = await startChild<{ url: string }>('./relay-child.ts', settings);
  const close = async () => {
    child.send('close');
    await exited(child);
  };
  return { url: ready.url, close: once(close) };
}

import { exited, nextMessage, once, startChild } from './child.js';

export interface StandInSettings {
  /** Every reply comes this long after the request arrived (while it holds a capacity slot). */
  delayMs: number;
  /** Most requests served at once. */
  capacity: number;
  model: string;
}

/** What the stand-in saw over its life. */
export interface StandInReport {
  requests: number;
  inFlightMax: number;
  servingMax: number;
  /** CPU the stand-in process used (all its threads), for showing it was not the client's. */
  cpuMs: number;
}

export interface StandInProcess {
  readonly baseURL: string;
  /** Stops serving and returns what it saw; later calls return the same report. */
  close(): Promise<StandInReport>;
}

/**
 * The OpenAI-compatible stand-in, answering every judge request with a well-formed verdict for the
 * principles it lists, in a process of its own: a thread would share process.cpuUsage() with the client.
 */
export async function startStandInProcess(settings: StandInSettings): Promise<StandInProcess> {
  const { child, ready } = await startChild<{ baseURL: string }>('./stand-in-child.ts', settings);
  const close = async () => {
    const report = nextMessage<StandInReport>(child);
    child.send('close');
    const answer = await report;
    await exited(child);
    return answer;
  };
  return { baseURL: ready.baseURL, close: once(close) };
}

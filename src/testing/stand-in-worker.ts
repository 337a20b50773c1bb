// The body of a stand-in thread (see stand-in-thread.ts): serve, answer 'stats', stop on 'close'.
import { parentPort, workerData } from 'node:worker_threads';
import { startStandIn } from './openai-stand-in.js';
import type { StandInResponse } from './stand-in-types.js';
import type { StandInThreadOptions } from './stand-in-thread.js';

const port = parentPort!;
const { respond, ...options } = workerData as StandInThreadOptions;
const list = Array.isArray(respond) ? (respond as readonly StandInResponse[]) : undefined;
const standIn = await startStandIn({ ...options, respond: list ?? (() => respond as StandInResponse) });
port.postMessage({ baseURL: standIn.baseURL, port: standIn.port });

port.on('message', (message: 'stats' | 'close') => {
  if (message === 'stats') {
    const { requests, inFlightMax, servingMax } = standIn;
    port.postMessage({ requests: requests.length, inFlightMax, servingMax });
  } else {
    void standIn.close().then(() => {
      port.postMessage('closed');
      port.close();
    });
  }
});

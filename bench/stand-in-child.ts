// The body of the stand-in process (see stand-in-process.ts): serve until told 'close', then report.
import { startStandIn, type StandInResponse } from '../src/testing/index.js';
import type { StandInSettings } from './stand-in-process.js';
import { requestedPrinciples, verdictReply } from './verdict-reply.js';

const settings = JSON.parse(process.argv[2]!) as StandInSettings;
const send = (message: unknown, then: () => void = () => {}) => process.send!(message, undefined, {}, then);

/** A verdict for the principles the request lists; a request without them is refused (400: not retried). */
function respond({ body }: { body: Parameters<typeof requestedPrinciples>[0] }): StandInResponse {
  try {
    return { reply: verdictReply(requestedPrinciples(body)) };
  } catch (error) {
    return { error: 400, body: { error: { message: `bench stand-in: ${String(error)}` } } };
  }
}

// Orphaned (the benchmark crashed): stop serving rather than linger.
process.once('disconnect', () => process.exit(0));

const started = process.cpuUsage();
const standIn = await startStandIn({
  respond,
  delayMs: settings.delayMs,
  capacity: settings.capacity,
  model: settings.model,
});
send({ baseURL: standIn.baseURL });

process.once('message', () => {
  const cpu = process.cpuUsage(started);
  const stats = {
    requests: standIn.requests.length,
    inFlightMax: standIn.inFlightMax,
    servingMax: standIn.servingMax,
    cpuMs: (cpu.user + cpu.system) / 1000,
  };
  void standIn.close().then(() => send(stats, () => process.exit(0)));
});

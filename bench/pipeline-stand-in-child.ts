// The stand-in VLM of bench:pipeline in a process of its own (its CPU is not the workers'): answers
// every judge and verifier request with pipelineStandIn after a fixed delay; reports on 'close'.
import { pipelineStandIn, startStandIn } from '../src/testing/index.js';

const delayMs = Number(process.argv[2] ?? 0);
const send = (message: unknown, then: () => void = () => {}) => process.send!(message, undefined, {}, then);

// Orphaned (the benchmark crashed): stop serving rather than linger.
process.once('disconnect', () => process.exit(0));

const started = process.cpuUsage();
const standIn = await startStandIn({ respond: pipelineStandIn(), delayMs, model: 'bench-vlm' });
send({ baseURL: standIn.baseURL });

process.on('message', (message) => {
  if (message === 'stats') {
    const seeds = new Set(standIn.requests.map((r) => r.seed));
    send({ requests: standIn.requests.length, distinctSeeds: seeds.size, inFlightMax: standIn.inFlightMax });
    return;
  }
  const cpu = process.cpuUsage(started);
  void standIn
    .close()
    .then(() =>
      send({ requests: standIn.requests.length, cpuMs: (cpu.user + cpu.system) / 1000 }, () =>
        process.exit(0),
      ),
    );
});

// The body of the reward-server process (see server-process.ts): serve, answer 'snapshot', stop on 'close'.
import { createJudgeAndDecomposer, startRewardServer, tuneHeapForServing } from '../src/index.js';
import { peakRssBytes } from './peak-rss.js';
import type { ServerSettings, ServerSnapshot } from './server-process.js';

const settings = JSON.parse(process.argv[2]!) as ServerSettings;
const send = (message: unknown, then: () => void = () => {}) => process.send!(message, undefined, {}, then);

// Orphaned (the benchmark crashed): stop serving rather than linger.
process.once('disconnect', () => process.exit(0));

const config = {
  backend: 'openai',
  baseURL: settings.baseURL,
  model: settings.model,
  concurrency: settings.concurrency,
} as const;
const { judge, decomposer } = createJudgeAndDecomposer(config);
// As `edit-r1 serve` does: this process only serves.
tuneHeapForServing();
const server = await startRewardServer({
  judge,
  decomposer,
  judgeFingerprint: JSON.stringify(config),
  limits: { concurrency: settings.concurrency, queueDepth: settings.queueDepth },
});

// Sampled rather than read once: the peak of a pass is what a machine must have room for. Every
// 100 ms: a read costs ~0.1 ms here, on the thread that serves, and resident memory moves slower.
let rssPeak = process.memoryUsage.rss();
let lifePeak = rssPeak;
const sampler = setInterval(() => {
  rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  lifePeak = Math.max(lifePeak, rssPeak);
}, 100);
let cpu = process.cpuUsage();
let loop = performance.eventLoopUtilization();

function snapshot(): ServerSnapshot {
  const used = process.cpuUsage(cpu);
  const busy = performance.eventLoopUtilization(loop);
  const result = {
    cpuMs: (used.user + used.system) / 1000,
    loopBusy: busy.utilization,
    rssPeakBytes: Math.max(rssPeak, process.memoryUsage.rss()),
    maxRssBytes: peakRssBytes() ?? Math.max(lifePeak, process.memoryUsage.rss()),
  };
  cpu = process.cpuUsage();
  loop = performance.eventLoopUtilization();
  rssPeak = process.memoryUsage.rss();
  return result;
}

process.on('message', (message: 'snapshot' | 'close') => {
  if (message === 'snapshot') return send(snapshot());
  clearInterval(sampler);
  void server.close().then(() => send('closed', () => process.exit(0)));
});
send({ url: server.url });

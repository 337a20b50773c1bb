// One worker of bench:pipeline in a process of its own: opens the run, says 'ready', and on 'go' runs
// runWorker to the end, then reports its wall and CPU time and what it did. argv: config, store URL,
// mode ('sqlite': time SQLite's statements too; 'memory': the in-memory store instead; 'postgres'), name.
import { openRun, runWorker } from '../src/pipeline/index.js';
import { createMemoryStore } from './pipeline-memory-store.js';
import { timeSqliteStatements } from './pipeline-sqlite-timer.js';

const [config, store, mode, name] = process.argv.slice(2) as [string, string, string, string];
const send = (message: unknown) =>
  new Promise<void>((resolve) => process.send!(message, undefined, {}, () => resolve()));
process.once('disconnect', () => process.exit(0));

const sql = mode === 'sqlite' ? timeSqliteStatements() : undefined;
const run = await openRun(config, { store });
const opened = run.store;
if (mode === 'memory') run.store = createMemoryStore();
await send('ready');
await new Promise((resolve) => process.once('message', resolve));

sql?.reset();
const cpu = process.cpuUsage();
const started = performance.now();
const summary = await runWorker(run, { worker: name, idlePollMs: 200 });
const wallMs = performance.now() - started;
const used = process.cpuUsage(cpu);
const units = summary.counts.reduce((n, c) => n + c.done, 0);
await send({
  name,
  wallMs,
  cpuMs: (used.user + used.system) / 1000,
  completed: summary.completed,
  failed: summary.failed,
  unitsInStore: units,
  sql: sql?.totals() ?? null,
});
run.store = opened;
await run.close();
process.exit(0);

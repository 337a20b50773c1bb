import type {
  ClaimedUnit,
  ClaimOptions,
  DoneUnit,
  FailedUnit,
  NewUnit,
  PipelineStore,
  StageCounts,
  StageName,
  StoredUnit,
  UnitFailure,
  UnitStatus,
} from '../src/pipeline/index.js';
import { STAGES } from '../src/pipeline/index.js';
import type { Usage } from '../src/core/index.js';

interface Row extends NewUnit {
  status: UnitStatus;
  result: unknown;
  attempts: number;
  owner: string | null;
  leaseUntil: number;
  notBefore: number;
  /** Insertion order: claims go oldest first, as the real store's (created_at, key) order does. */
  order: number;
  usage: Usage | undefined;
  failure: UnitFailure | undefined;
}

const byKey = <T extends { key: string }>(a: T, b: T) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * The PipelineStore contract in plain Maps, with no SQL, no serialisation and no I/O: the benchmark's
 * baseline. The same run against it and against SQLite differs only in the store, so the difference in
 * time per unit is what the store adds. Indexed (pending units per resource in claim order, units per
 * input, counts kept as units move) so that the baseline itself costs next to nothing per unit. Not for
 * real runs: nothing survives the process.
 */
export function createMemoryStore(now: () => number = Date.now): PipelineStore {
  const rows = new Map<string, Row>();
  const byInput = new Map<string, Row[]>();
  /** Pending rows per resource, oldest first (a Set keeps insertion order; a row handed back goes last). */
  const pending = new Map<string, Set<Row>>();
  const running = new Set<Row>();
  const meta = new Map<string, string>();
  const counts = new Map<StageName, StageCounts>(
    STAGES.map((stage) => [
      stage,
      { stage, pending: 0, running: 0, done: 0, failed: 0, promptTokens: 0, completionTokens: 0 },
    ]),
  );
  let order = 0;

  const move = (row: Row, status: UnitStatus) => {
    const entry = counts.get(row.stage)!;
    entry[row.status] -= 1;
    entry[status] += 1;
    if (row.status === 'pending') pending.get(row.resource)!.delete(row);
    if (row.status === 'running') running.delete(row);
    row.status = status;
    if (status === 'pending') pending.get(row.resource)!.add(row);
    if (status === 'running') running.add(row);
    if (status !== 'running') row.owner = null;
  };
  const insert = (units: readonly NewUnit[]) => {
    let added = 0;
    for (const unit of units) {
      if (rows.has(unit.key)) continue;
      const row: Row = {
        ...unit,
        status: 'pending',
        result: null,
        attempts: 0,
        owner: null,
        leaseUntil: 0,
        notBefore: 0,
        order: order++,
        usage: undefined,
        failure: undefined,
      };
      rows.set(unit.key, row);
      if (!byInput.has(unit.inputId)) byInput.set(unit.inputId, []);
      byInput.get(unit.inputId)!.push(row);
      if (!pending.has(unit.resource)) pending.set(unit.resource, new Set());
      pending.get(unit.resource)!.add(row);
      counts.get(unit.stage)!.pending += 1;
      added++;
    }
    return added;
  };
  const held = (key: string, worker: string) => {
    const row = rows.get(key);
    return row && row.status === 'running' && row.owner === worker ? row : undefined;
  };
  const take = (row: Row, worker: string, t: number, leaseMs: number): ClaimedUnit => {
    move(row, 'running');
    row.owner = worker;
    row.leaseUntil = t + leaseMs;
    const { key, stage, inputId, resource, payload, attempts } = row;
    return { key, stage, inputId, resource, payload, attempts, leaseUntil: row.leaseUntil };
  };

  return {
    kind: 'sqlite',
    migrate: async () => {},
    getMeta: async (name) => meta.get(name) ?? null,
    setMeta: async (name, value) => void meta.set(name, value),
    enqueue: async (units) => insert(units),
    // One worker process: there is nobody to tell.
    watchWork: async () => null,
    async claim({ worker, resources, limit, leaseMs }: ClaimOptions): Promise<ClaimedUnit[]> {
      const t = now();
      const wanted = (row: Row) => resources === undefined || resources.includes(row.resource);
      const ready = [...running].filter((row) => wanted(row) && row.leaseUntil < t).slice(0, limit);
      const queues = [...pending].filter(
        ([resource]) => resources === undefined || resources.includes(resource),
      );
      for (const [, queue] of queues) {
        for (const row of queue) {
          if (ready.length >= limit) break;
          if (row.notBefore <= t) ready.push(row);
        }
      }
      ready.sort((a, b) => a.order - b.order);
      return ready.slice(0, limit).map((row) => take(row, worker, t, leaseMs));
    },
    async renew(keys, worker, leaseMs) {
      const t = now();
      return keys.filter((key) => {
        const row = held(key, worker);
        if (row) row.leaseUntil = t + leaseMs;
        return row !== undefined;
      });
    },
    async complete(key, worker, result, usage, followUps) {
      const row = held(key, worker);
      if (!row) return false;
      move(row, 'done');
      row.result = result;
      row.usage = usage;
      const entry = counts.get(row.stage)!;
      entry.promptTokens += usage?.promptTokens ?? 0;
      entry.completionTokens += usage?.completionTokens ?? 0;
      insert(followUps);
      return true;
    },
    async fail(key, worker, failure, { maxAttempts, retryAfterMs }) {
      const row = held(key, worker);
      if (!row) return 'lost';
      row.attempts += 1;
      row.failure = failure;
      row.notBefore = now() + retryAfterMs;
      move(row, failure.retryable && row.attempts < maxAttempts ? 'pending' : 'failed');
      return row.status === 'pending' ? 'pending' : 'failed';
    },
    async release(keys, worker, delayMs) {
      for (const key of keys) {
        const row = held(key, worker);
        if (!row) continue;
        row.notBefore = now() + delayMs;
        move(row, 'pending');
      }
    },
    async unitsOf(inputId): Promise<StoredUnit[]> {
      return [...(byInput.get(inputId) ?? [])]
        .sort(byKey)
        .map(({ key, stage, status, payload, result }) => ({ key, stage, inputId, status, payload, result }));
    },
    inputIds: async () => [...byInput.keys()].sort(),
    async done(stage: StageName): Promise<DoneUnit[]> {
      return [...rows.values()]
        .filter((row) => row.stage === stage && row.status === 'done')
        .sort(byKey)
        .map(({ key, inputId, payload, result }) => ({ key, stage, inputId, payload, result }));
    },
    counts: async () => [...counts.values()].map((c) => ({ ...c })),
    async usageByResource() {
      const usage: Record<string, Usage> = {};
      for (const row of rows.values()) {
        if (row.status !== 'done' || row.usage === undefined) continue;
        const entry = (usage[row.resource] ??= { promptTokens: 0, completionTokens: 0 });
        entry.promptTokens += row.usage.promptTokens;
        entry.completionTokens += row.usage.completionTokens;
      }
      return usage;
    },
    async failures(): Promise<FailedUnit[]> {
      return [...rows.values()]
        .filter((row) => row.status === 'failed')
        .sort(byKey)
        .map((row) => ({
          key: row.key,
          stage: row.stage,
          inputId: row.inputId,
          resource: row.resource,
          attempts: row.attempts,
          reason: row.failure?.reason ?? 'unknown',
          message: row.failure?.message ?? '',
          raw: row.failure?.raw ?? null,
        }));
    },
    async active() {
      let n = 0;
      for (const c of counts.values()) n += c.pending + c.running;
      return n;
    },
    async activeResources() {
      const resources = new Set([...running].map((row) => row.resource));
      for (const [resource, queue] of pending) if (queue.size > 0) resources.add(resource);
      return [...resources].sort();
    },
    close: async () => {},
  };
}

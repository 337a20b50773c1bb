import Database from 'better-sqlite3';

export interface SqliteTimer {
  reset(): void;
  /** Statements run and the time spent inside SQLite running them, since the last reset. */
  totals(): { statements: number; ms: number };
}

/**
 * Times every better-sqlite3 statement this process runs, by wrapping the Statement prototype's run,
 * get, all and iterate. better-sqlite3 is synchronous, so each call's time is SQLite's own work (parse
 * cache, B-tree, WAL write) with nothing else interleaved: the store's cost on the event loop, less the
 * query building and JSON around it.
 */
export function timeSqliteStatements(): SqliteTimer {
  let statements = 0;
  let ms = 0;
  const probe = new Database(':memory:');
  const prototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'get', 'all', 'iterate'] as const) {
    const original = prototype[method] as (...args: unknown[]) => unknown;
    prototype[method] = function timed(this: unknown, ...args: unknown[]) {
      const started = performance.now();
      try {
        return original.apply(this, args);
      } finally {
        ms += performance.now() - started;
        statements += 1;
      }
    };
  }
  return {
    reset: () => {
      statements = 0;
      ms = 0;
    },
    totals: () => ({ statements, ms }),
  };
}

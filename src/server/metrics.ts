import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Latency buckets in seconds: from a cached answer (sub-millisecond) to a slow VLM group (minutes). */
const BUCKETS = [0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** The service's Prometheus metrics, in a registry of its own (two servers in one process do not collide). */
export function createMetrics() {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    requestSeconds: new Histogram({
      name: 'edit_r1_http_request_duration_seconds',
      help: 'HTTP request latency by route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: BUCKETS,
      registers,
    }),
    judgeSeconds: new Histogram({
      name: 'edit_r1_judge_duration_seconds',
      help: 'Latency of one judge call (one edit, all its samples), by outcome',
      labelNames: ['outcome'] as const,
      buckets: BUCKETS,
      registers,
    }),
    queueDepth: new Gauge({
      name: 'edit_r1_queue_depth',
      help: 'Edits waiting for a judge slot',
      registers,
    }),
    inFlight: new Gauge({
      name: 'edit_r1_judge_in_flight',
      help: 'Edits being judged now',
      registers,
    }),
    cacheHits: new Counter({
      name: 'edit_r1_cache_hits_total',
      help: 'Rewards answered from the cache, or copied from the same edit earlier in the request',
      registers,
    }),
    cacheMisses: new Counter({
      name: 'edit_r1_cache_misses_total',
      help: 'Rewards the judge had to compute',
      registers,
    }),
    decompositions: new Counter({
      name: 'edit_r1_decompositions_total',
      help: 'Principle lookups, by whether they were already decomposed',
      labelNames: ['cached'] as const,
      registers,
    }),
    parseFailures: new Counter({
      name: 'edit_r1_parse_failures_total',
      help: 'Model replies that could not be parsed (failed samples included)',
      registers,
    }),
    errors: new Counter({
      name: 'edit_r1_errors_total',
      help: 'Error responses by type',
      labelNames: ['type'] as const,
      registers,
    }),
  };
}

export type ServerMetrics = ReturnType<typeof createMetrics>;

import { readFileSync } from 'node:fs';

/** Busy and total CPU time of the whole machine so far, in clock ticks, from /proc/stat; null off Linux. */
function machineTicks(): { busy: number; total: number } | null {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return null;
  }
  const fields = /^cpu\s+(.+)$/m.exec(stat)?.[1]?.trim().split(/\s+/).map(Number);
  if (!fields || fields.length < 5) return null;
  // user nice system idle iowait irq softirq steal ...: idle and iowait are the not-busy ones.
  const total = fields.reduce((sum, n) => sum + n, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

/**
 * Starts measuring how busy the whole machine is; the returned function gives the busy share of all
 * cores since then (0-1). Our client and stand-in are part of it: what is left over is other work
 * competing for the same cores, which a reader needs to judge a throughput figure.
 */
export function startMachineCpu(): () => number | null {
  const before = machineTicks();
  return () => {
    const after = machineTicks();
    if (!before || !after || after.total === before.total) return null;
    return (after.busy - before.busy) / (after.total - before.total);
  };
}

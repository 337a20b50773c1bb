import { UsageError, type Usage } from '../../core/index.js';

/** A backend's price list as the run config gives it (`backends.<name>.pricing`), in USD. */
export interface Pricing {
  promptPerMillion: number;
  completionPerMillion: number;
}

export interface BackendCost {
  backend: string;
  promptTokens: number;
  completionTokens: number;
  /** Estimated USD; null when the backend has no pricing (local servers, the embedded judge). */
  usd: number | null;
}

function checkCount(value: number, what: string): void {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new UsageError(`${what}: expected a number of at least 0, got ${value}`);
  }
}

/**
 * Tokens and estimated cost per backend that was used, sorted by backend name so `status` prints the
 * same table for the same store. An estimate: servers may bill cached or image tokens differently.
 */
export function estimateCost(
  usage: Readonly<Record<string, Usage>>,
  pricing: Readonly<Record<string, Pricing | undefined>>,
): BackendCost[] {
  return Object.keys(usage)
    .sort()
    .map((backend) => {
      const { promptTokens, completionTokens } = usage[backend]!;
      checkCount(promptTokens, `usage.${backend}.promptTokens`);
      checkCount(completionTokens, `usage.${backend}.completionTokens`);
      const price = pricing[backend];
      if (!price) return { backend, promptTokens, completionTokens, usd: null };
      checkCount(price.promptPerMillion, `backends.${backend}.pricing.promptPerMillion`);
      checkCount(price.completionPerMillion, `backends.${backend}.pricing.completionPerMillion`);
      const usd =
        (promptTokens * price.promptPerMillion + completionTokens * price.completionPerMillion) / 1e6;
      return { backend, promptTokens, completionTokens, usd };
    });
}

/** Cents for real money; four places below a cent, so a small test run does not read as free. */
function formatUsd(usd: number | null): string {
  if (usd === null) return 'no pricing';
  return usd === 0 || usd >= 0.01 ? `$${usd.toFixed(2)}` : `$${usd.toFixed(4)}`;
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The table `pipeline status` prints. With several backends a total follows; when backends that spent
 * tokens have no pricing, the total is marked and a note under the table names them.
 */
export function formatCost(costs: readonly BackendCost[]): string {
  const rows = costs.map((c) => [
    c.backend,
    count(c.promptTokens),
    count(c.completionTokens),
    formatUsd(c.usd),
  ]);
  const unpriced = costs.filter((c) => c.usd === null && c.promptTokens + c.completionTokens > 0);
  if (costs.length > 1) {
    const sum = (pick: (c: BackendCost) => number) => costs.reduce((total, c) => total + pick(c), 0);
    const usd = formatUsd(sum((c) => c.usd ?? 0)) + (unpriced.length > 0 ? '*' : '');
    rows.push(['total', count(sum((c) => c.promptTokens)), count(sum((c) => c.completionTokens)), usd]);
  }
  const table = [['backend', 'prompt tokens', 'completion tokens', 'est. cost'], ...rows];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((row) => row[i]!.length)));
  const lines = table.map((row) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '),
  );
  if (costs.length > 1 && unpriced.length > 0) {
    const names = unpriced.map((c) => c.backend).join(', ');
    lines.push(`* priced backends only; no pricing for ${names} (set backends.<name>.pricing)`);
  }
  return lines.join('\n');
}

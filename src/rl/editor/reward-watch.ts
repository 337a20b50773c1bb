import { mean } from '../moments.js';

/** One scored rollout batch: the judge's rewards beside the oracle's scores of the same edits. */
export interface WatchedBatch {
  /** reward = judge final score / 10, per action. */
  rewards: number[];
  /** The oracle's 0-10 score / 10, per action (the world's human, which training never sees). */
  oracle: number[];
  /** Judgements that failed and were given reward 0. */
  judgeFailures: number;
  /** Seconds spent rendering and judging, summed over the edits (they overlap when judged concurrently). */
  renderSeconds: number;
  judgeSeconds: number;
}

/**
 * The reward-hacking watch (issue 6, deliverable 5): every batch the reward function scores, with the
 * oracle's score of the same edits, so a run can show the judge's reward rising while the oracle's
 * does not. `extra()` is what a trainer step record carries.
 */
export class RewardWatch {
  readonly batches: WatchedBatch[] = [];

  record(batch: WatchedBatch): void {
    this.batches.push(batch);
  }

  last(): WatchedBatch | undefined {
    return this.batches.at(-1);
  }

  /** The last batch as step-record numbers: oracle mean (0-1 like the reward), judge-oracle gap, failures, timings. */
  extra(): Record<string, number> {
    const b = this.last();
    if (!b) return {};
    return {
      oracleMean: mean(b.oracle),
      judgeMinusOracle: mean(b.rewards) - mean(b.oracle),
      judgeFailures: b.judgeFailures,
      renderSeconds: b.renderSeconds,
      judgeSeconds: b.judgeSeconds,
    };
  }
}

import Database from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { ConfigError } from '../core/index.js';
import { RewardSchema, type Reward } from './schemas.js';

export interface RewardCache {
  get(key: string): Reward | undefined;
  set(key: string, reward: Reward): void;
  /** Idempotent; later sets are dropped (a request finishing during shutdown keeps its answer). */
  close(): void;
}

/** Rows on disk, read through on a memory miss and written through on every set. */
class SqliteStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { value: string }>;
  private readonly upsert: Database.Statement<[string, string]>;

  constructor(file: string) {
    try {
      this.db = new Database(file);
      // WAL: readers never wait for the writer, and a crash loses at most the last transaction.
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.exec('CREATE TABLE IF NOT EXISTS rewards (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
    } catch (error) {
      throw new ConfigError(
        `cannot open the reward cache ${file} (${error instanceof Error ? error.message : String(error)}); pass another --cache FILE`,
        { cause: error },
      );
    }
    this.select = this.db.prepare('SELECT value FROM rewards WHERE key = ?');
    this.upsert = this.db.prepare('INSERT OR REPLACE INTO rewards (key, value) VALUES (?, ?)');
  }

  get(key: string): Reward | undefined {
    const row = this.select.get(key);
    if (!row) return undefined;
    // A row that no longer fits the schema (an older version wrote it) is a miss, not a crash.
    const parsed = RewardSchema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : undefined;
  }

  set(key: string, reward: Reward): void {
    this.upsert.run(key, JSON.stringify(reward));
  }

  close(): void {
    this.db.close();
  }
}

/** A bounded LRU in memory, over an optional SQLite file shared across restarts. */
export function createRewardCache(options: { file?: string; entries?: number }): RewardCache {
  const memory = new LRUCache<string, Reward>({ max: options.entries ?? 10_000 });
  const store = options.file === undefined ? undefined : new SqliteStore(options.file);
  let open = true;
  return {
    get(key) {
      const hit = memory.get(key);
      if (hit || !store || !open) return hit;
      const stored = store.get(key);
      if (stored) memory.set(key, stored);
      return stored;
    },
    set(key, reward) {
      if (!open) return;
      memory.set(key, reward);
      store?.set(key, reward);
    },
    close() {
      if (!open) return;
      open = false;
      store?.close();
    },
  };
}

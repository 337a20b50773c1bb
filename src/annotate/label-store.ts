import Database from 'better-sqlite3';
import { ConfigError, type Preference } from '../core/index.js';
import type { Assignment, Choice, LabelRecord, Side, StoredPair } from './types.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pairs (id TEXT PRIMARY KEY, ord INTEGER NOT NULL UNIQUE, json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS annotators (name TEXT PRIMARY KEY, ord INTEGER NOT NULL UNIQUE, token_hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS assignments (
  pair_id TEXT NOT NULL REFERENCES pairs(id),
  annotator TEXT NOT NULL REFERENCES annotators(name),
  position INTEGER NOT NULL,
  left_side TEXT NOT NULL CHECK (left_side IN ('a', 'b')),
  PRIMARY KEY (pair_id, annotator),
  UNIQUE (annotator, position)
);
CREATE TABLE IF NOT EXISTS labels (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  submission_id TEXT NOT NULL,
  pair_id TEXT NOT NULL,
  annotator TEXT NOT NULL,
  choice TEXT NOT NULL CHECK (choice IN ('a', 'b', 'same')),
  left_side TEXT NOT NULL CHECK (left_side IN ('a', 'b')),
  created_at TEXT NOT NULL,
  elapsed_ms INTEGER NOT NULL,
  undone_at TEXT,
  UNIQUE (annotator, submission_id),
  FOREIGN KEY (pair_id, annotator) REFERENCES assignments (pair_id, annotator)
);
-- One live label per (pair, annotator); undone ones stay for the record.
CREATE UNIQUE INDEX IF NOT EXISTS one_live_label ON labels (pair_id, annotator) WHERE undone_at IS NULL;
`;

export interface NewLabel {
  submissionId: string;
  pairId: string;
  annotator: string;
  choice: Choice;
  elapsedMs: number;
  at: string;
}

/** added: written; repeat: that submissionId was written before (nothing changes); the rest are refusals. */
export type AddLabelResult =
  'added' | 'repeat' | 'submission-reused' | 'submission-undone' | 'not-assigned' | 'already-labelled';

export interface NextPair {
  pair: StoredPair;
  left: Side;
}

export interface Progress {
  labelled: number;
  total: number;
}

/** The click made a stored preference: left/right back to the pair's own a/b. */
function unshuffle(choice: Choice, left: Side): Preference {
  if (choice === 'same') return 'same';
  const right: Side = left === 'a' ? 'b' : 'a';
  return choice === 'left' ? left : right;
}

/**
 * labels.sqlite: pairs, annotators (token digests only), assignments and labels. WAL with
 * synchronous=FULL, and every write its own transaction, so a label is on disk before the answer
 * that confirms it leaves: a reload, a restart or a crash loses nothing that was confirmed.
 */
export class LabelStore {
  private readonly db: Database.Database;

  private constructor(db: Database.Database) {
    this.db = db;
  }

  /**
   * Opens a labels database, creating it unless `mustExist` (export and stats), in which case it must
   * be one that an annotate server made: another SQLite file is refused, not written to.
   */
  static open(file: string, options: { mustExist?: boolean } = {}): LabelStore {
    let db: Database.Database;
    try {
      db = new Database(file, { fileMustExist: options.mustExist === true });
      db.pragma('busy_timeout = 5000');
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new ConfigError(
        `cannot open the labels database ${file} (${reason}); pass the --db file the annotate server wrote`,
        { cause: error },
      );
    }
    if (options.mustExist === true && !db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'meta'").get()) {
      db.close();
      throw new ConfigError(`${file} is not a labels database made by edit-r1 annotate; check --db`);
    }
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    return new LabelStore(db);
  }

  meta(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
  }

  isEmpty(): boolean {
    return (this.db.prepare('SELECT count(*) AS n FROM pairs').get() as { n: number }).n === 0;
  }

  /** Writes a new session in one transaction: settings, pairs, annotators and their assignments. */
  initialise(init: {
    meta: Record<string, string>;
    pairs: readonly StoredPair[];
    annotators: readonly { name: string; tokenHash: string }[];
    assignments: readonly Assignment[];
  }): void {
    const insertPair = this.db.prepare('INSERT INTO pairs (id, ord, json) VALUES (?, ?, ?)');
    const insertAnnotator = this.db.prepare(
      'INSERT INTO annotators (name, ord, token_hash) VALUES (?, ?, ?)',
    );
    const insertAssignment = this.db.prepare(
      'INSERT INTO assignments (pair_id, annotator, position, left_side) VALUES (?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(init.meta)) this.setMeta(key, value);
      init.pairs.forEach((pair, i) => insertPair.run(pair.id, i, JSON.stringify(pair)));
      init.annotators.forEach(({ name, tokenHash }, i) => insertAnnotator.run(name, i, tokenHash));
      for (const a of init.assignments) insertAssignment.run(a.pairId, a.annotator, a.position, a.left);
    })();
  }

  pairs(): StoredPair[] {
    const rows = this.db.prepare('SELECT json FROM pairs ORDER BY ord').all() as { json: string }[];
    return rows.map((row) => JSON.parse(row.json) as StoredPair);
  }

  annotators(): { name: string; tokenHash: string }[] {
    return this.db.prepare('SELECT name, token_hash AS tokenHash FROM annotators ORDER BY ord').all() as {
      name: string;
      tokenHash: string;
    }[];
  }

  setTokenHash(name: string, tokenHash: string): void {
    this.db.prepare('UPDATE annotators SET token_hash = ? WHERE name = ?').run(tokenHash, name);
  }

  assignments(): Assignment[] {
    return this.db
      .prepare(
        'SELECT pair_id AS pairId, annotator, position, left_side AS left FROM assignments ORDER BY annotator, position',
      )
      .all() as Assignment[];
  }

  progress(annotator: string): Progress {
    const labelled = this.db
      .prepare('SELECT count(*) AS n FROM labels WHERE annotator = ? AND undone_at IS NULL')
      .get(annotator) as { n: number };
    const total = this.db
      .prepare('SELECT count(*) AS n FROM assignments WHERE annotator = ?')
      .get(annotator) as {
      n: number;
    };
    return { labelled: labelled.n, total: total.n };
  }

  /** The annotator's first pair, in their order, without a live label; undefined when all are labelled. */
  next(annotator: string): NextPair | undefined {
    const row = this.db
      .prepare(
        `SELECT p.json AS json, a.left_side AS left FROM assignments a JOIN pairs p ON p.id = a.pair_id
         WHERE a.annotator = ? AND NOT EXISTS (
           SELECT 1 FROM labels l WHERE l.pair_id = a.pair_id AND l.annotator = a.annotator AND l.undone_at IS NULL)
         ORDER BY a.position LIMIT 1`,
      )
      .get(annotator) as { json: string; left: Side } | undefined;
    return row && { pair: JSON.parse(row.json) as StoredPair, left: row.left };
  }

  /** Writes a label unless its submissionId was seen (a retry or a second tab) or the pair is taken. */
  addLabel(label: NewLabel): AddLabelResult {
    return this.db
      .transaction((): AddLabelResult => {
        const earlier = this.db
          .prepare(
            `SELECT pair_id AS pairId, choice, undone_at AS undoneAt FROM labels
             WHERE annotator = ? AND submission_id = ?`,
          )
          .get(label.annotator, label.submissionId) as
          { pairId: string; choice: string; undoneAt: string | null } | undefined;
        const assignment = this.db
          .prepare('SELECT left_side AS left FROM assignments WHERE pair_id = ? AND annotator = ?')
          .get(label.pairId, label.annotator) as { left: Side } | undefined;
        // A repeat is the same label sent again (a retry, a second tab), and is answered as saved only
        // while it is: not one that was undone since, nor the id sent again with another choice.
        if (earlier) {
          if (earlier.pairId !== label.pairId) return 'submission-reused';
          if (assignment && earlier.choice !== unshuffle(label.choice, assignment.left))
            return 'submission-reused';
          return earlier.undoneAt === null ? 'repeat' : 'submission-undone';
        }
        if (!assignment) return 'not-assigned';
        const live = this.db
          .prepare('SELECT 1 FROM labels WHERE pair_id = ? AND annotator = ? AND undone_at IS NULL')
          .get(label.pairId, label.annotator);
        if (live) return 'already-labelled';
        this.db
          .prepare(
            `INSERT INTO labels (submission_id, pair_id, annotator, choice, left_side, created_at, elapsed_ms)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            label.submissionId,
            label.pairId,
            label.annotator,
            unshuffle(label.choice, assignment.left),
            assignment.left,
            label.at,
            Math.round(label.elapsedMs),
          );
        return 'added';
      })
      .immediate();
  }

  /** Marks the annotator's latest live label undone; returns its pair, or null when none is left. */
  undo(annotator: string, at: string): string | null {
    return this.db
      .transaction((): string | null => {
        const last = this.db
          .prepare(
            'SELECT id, pair_id AS pairId FROM labels WHERE annotator = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1',
          )
          .get(annotator) as { id: number; pairId: string } | undefined;
        if (!last) return null;
        this.db.prepare('UPDATE labels SET undone_at = ? WHERE id = ?').run(at, last.id);
        return last.pairId;
      })
      .immediate();
  }

  /** Every live label, oldest first. */
  labels(): LabelRecord[] {
    return this.db
      .prepare(
        `SELECT pair_id AS pairId, annotator, choice, left_side AS left, elapsed_ms AS elapsedMs, created_at AS at
         FROM labels WHERE undone_at IS NULL ORDER BY id`,
      )
      .all() as LabelRecord[];
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

import { appendFile, readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UsageError, VerdictSchema } from '../core/index.js';
import type { EditJudgement } from './types.js';

const CacheLineSchema = z.object({
  key: z.string().min(1),
  score: z.number(),
  verdict: VerdictSchema,
  sampleScores: z.array(z.number()).optional(),
});

/**
 * Judgements on disk, one JSON line each, appended the moment each one is made: a run that stops half
 * way keeps every judgement it paid for, and a rerun with the same judge and data asks the judge nothing.
 * A line that does not parse (a run killed mid-write) is skipped, not fatal; later lines for a key win.
 */
export class VerdictCache {
  private readonly entries = new Map<string, EditJudgement>();
  private writing: Promise<void> = Promise.resolve();
  private writeError: unknown;
  /** Lines of the file that could not be read back. */
  skipped = 0;

  private constructor(private readonly file: string | undefined) {}

  /** The cache in `file` (created on first write); undefined keeps judgements in memory only. */
  static async open(file: string | undefined): Promise<VerdictCache> {
    const cache = new VerdictCache(file);
    if (file === undefined) return cache;
    // Appending nothing creates the file and proves it writable before any judge call is paid for.
    await appendFile(file, '').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(
        `cannot write the verdict cache ${file} (${error.code ?? String(error)}); pass another --cache FILE or --no-cache`,
        { cause: error },
      );
    });
    const text = await readFile(file, 'utf8');
    for (const raw of text.split('\n')) {
      if (raw.trim() === '') continue;
      try {
        const { key, ...judgement } = CacheLineSchema.parse(JSON.parse(raw));
        cache.entries.set(key, judgement);
      } catch {
        cache.skipped++;
      }
    }
    return cache;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): EditJudgement | undefined {
    return this.entries.get(key);
  }

  /** Records a judgement; the file write is queued so concurrent judgements never interleave lines. */
  put(key: string, judgement: EditJudgement): void {
    this.entries.set(key, judgement);
    const { file } = this;
    if (file === undefined) return;
    const line = `${JSON.stringify({ key, ...judgement })}\n`;
    this.writing = this.writing.then(() =>
      appendFile(file, line).catch((error: unknown) => {
        this.writeError ??= error;
      }),
    );
  }

  /** Waits for queued writes; throws the first write failure, if any (judgements stay in the result). */
  async flush(): Promise<void> {
    await this.writing;
    if (this.writeError !== undefined) throw this.writeError;
  }
}

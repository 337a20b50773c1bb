/** Helpers for the bench's own tests: solid-colour images and a deterministic judge that reads them. */
import { setTimeout as delay } from 'node:timers/promises';
import sharp from 'sharp';
import type { Judge, JudgeInput, JudgeOptions, Verdict } from '../core/index.js';
import { loadImage } from '../images/index.js';
import { summarizeSamples } from '../rrm/index.js';

/** A 24x16 PNG of one colour: red `red`, green 40, blue 90. */
export function solidPng(red: number): Promise<Buffer> {
  return sharp({ create: { width: 24, height: 16, channels: 3, background: { r: red, g: 40, b: 90 } } })
    .png()
    .toBuffer();
}

export interface FakeJudge extends Judge {
  /** Every call to judge() or sample(), failed ones included. */
  readonly calls: { input: JudgeInput; options: JudgeOptions | undefined; n?: number }[];
  /** Most calls running at once. */
  readonly maxInFlight: number;
}

/**
 * Scores an edit by its content alone: the edited image's mean red / 25.5 (red 204 scores 8), so a test
 * knows every score in advance. Its one point is met when the score is over 5, and its reason carries
 * the instruction (so a report can be checked for escaping). A non-image throws, as a real judge would.
 * sample() gives score, score + 0.5, score + 1, ... (capped at 10).
 */
export function createFakeJudge(options: { delayMs?: number } = {}): FakeJudge {
  const calls: FakeJudge['calls'] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  async function verdictFor(input: JudgeInput, offset: number): Promise<Verdict> {
    const image = await loadImage(input.edited);
    const { channels } = await sharp(image.bytes).stats();
    const score = Math.min(10, Math.round((channels[0]!.mean / 25.5) * 100) / 100 + offset);
    return {
      points: [
        {
          question: 'Is the edit done?',
          category: 'instruction-following',
          score: score > 5 ? 1 : 0,
          reason: `red ${channels[0]!.mean} for "${input.instruction}"`,
        },
      ],
      averageScore: score > 5 ? 1 : 0,
      finalScore: score,
      trace: 'fake',
      judge: 'fake',
      rulesApplied: [],
      verifiedShare: 1,
      latencyMs: 0,
    };
  }
  async function tracked<T>(work: () => Promise<T>): Promise<T> {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (options.delayMs) await delay(options.delayMs);
      return await work();
    } finally {
      inFlight--;
    }
  }
  return {
    id: 'fake',
    calls,
    get maxInFlight() {
      return maxInFlight;
    },
    judge(input, opts) {
      calls.push({ input, options: opts });
      return tracked(() => verdictFor(input, 0));
    },
    sample(input, n, opts) {
      calls.push({ input, options: opts, n });
      return tracked(async () => {
        const verdicts = await Promise.all(Array.from({ length: n }, (_, i) => verdictFor(input, i * 0.5)));
        return { verdicts, failures: [], summary: summarizeSamples(verdicts, []), principles: [] };
      });
    },
  };
}

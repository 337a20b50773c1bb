import sharp from 'sharp';
import type { Decomposer, Judge, Principle } from '../core/index.js';
import { createJudgeAndDecomposer } from '../create-judge.js';
import type { StandInRequestBody } from '../testing/index.js';

/**
 * For the server's tests: a 160x120 scene (wall, floor, a ball of the given colour) as a data URL, a
 * PNG, or a JPEG (read and checked without waiting on sharp, as a trainer's JPEGs are).
 */
export async function sceneDataUrl(
  ball: string,
  window = '#3d6e8c',
  format: 'png' | 'jpeg' = 'png',
): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120">
    <rect width="160" height="80" fill="#c9b79c"/><rect y="80" width="160" height="40" fill="#6b4f3a"/>
    <rect x="100" y="20" width="40" height="30" fill="${window}"/><circle cx="55" cy="75" r="18" fill="${ball}"/>
  </svg>`;
  const image = await sharp(Buffer.from(svg)).toFormat(format).toBuffer();
  return `data:image/${format};base64,${image.toString('base64')}`;
}

export const RECOLOUR = 'Make the red ball blue';

export const PRINCIPLES: Principle[] = [
  { question: 'Is the red ball now blue?', category: 'instruction-following' },
  { question: 'Are the wall, floor and window unchanged?', category: 'feature-preservation' },
  { question: 'Is the image free of artefacts?', category: 'image-quality' },
];

/** A reply in the paper's format for PRINCIPLES, all satisfied, with this final score. */
export function wellFormedReply(finalScore: number): string {
  const list = PRINCIPLES.map((p) => ({ question: p.question, score: 1 }));
  return [
    'Checked each principle against the source; all hold.',
    '```json',
    JSON.stringify(list),
    '```',
    JSON.stringify({ average_score: 1 }),
    `<score>${finalScore}</score>`,
  ].join('\n');
}

export interface Counted {
  judge: Judge;
  decomposer: Decomposer;
  calls: { judge: number; sample: number; decompose: number };
}

/** The embedded judge (or any pair) with every call counted, to prove what the cache saved. */
export function counted(built = createJudgeAndDecomposer({})): Counted {
  const calls = { judge: 0, sample: 0, decompose: 0 };
  const { judge, decomposer } = built;
  return {
    calls,
    judge: {
      id: judge.id,
      judge: (input, options) => (calls.judge++, judge.judge(input, options)),
      sample: (input, n, options) => (calls.sample++, judge.sample(input, n, options)),
    },
    decomposer: {
      id: decomposer.id,
      decompose: (input, options) => (calls.decompose++, decomposer.decompose(input, options)),
    },
  };
}

/** The VLM judge against a stand-in at `baseURL`, failing fast (no retries). */
export function vlmJudge(baseURL: string) {
  return createJudgeAndDecomposer({ backend: 'openai', baseURL, model: 'stand-in', maxRetries: 0 });
}

/**
 * `count` (at most 1000) small PNGs of one colour each, all different, as data URLs: colour n has
 * channels 30 + 20 * (a digit of n), so none is near black (a source of black is never "identical").
 */
export async function distinctColourPngs(count: number, side = 32): Promise<string[]> {
  if (count > 1000) throw new RangeError(`distinctColourPngs makes at most 1000 colours, asked for ${count}`);
  const step = (n: number, digit: number) => 30 + 20 * (Math.floor(n / 10 ** digit) % 10);
  return Promise.all(
    Array.from({ length: count }, async (_, n) => {
      const background = { r: step(n, 0), g: step(n, 1), b: step(n, 2) };
      const png = await sharp({ create: { width: side, height: side, channels: 3, background } })
        .png()
        .toBuffer();
      return `data:image/png;base64,${png.toString('base64')}`;
    }),
  );
}

/** The images of a judge request as the stand-in got them: the source, then the edit. */
export function imageUrlsOf(body: StandInRequestBody): string[] {
  const urls: string[] = [];
  for (const message of body.messages ?? []) {
    const content = (message as { content?: unknown }).content;
    if (!Array.isArray(content)) continue;
    for (const part of content as { type?: unknown; image_url?: { url?: unknown } }[]) {
      if (part.type === 'image_url' && typeof part.image_url?.url === 'string') urls.push(part.image_url.url);
    }
  }
  return urls;
}

/** The edited image of a judge request as the stand-in got it: the chat's second image (the source is first). */
export function editedImageUrl(body: StandInRequestBody): string | undefined {
  return imageUrlsOf(body)[1];
}

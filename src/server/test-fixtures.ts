import sharp from 'sharp';
import type { Decomposer, Judge, Principle } from '../core/index.js';
import { createJudgeAndDecomposer } from '../create-judge.js';

/** For the server's tests: a 160x120 scene (wall, floor, a ball of the given colour) as a data URL. */
export async function sceneDataUrl(ball: string, window = '#3d6e8c'): Promise<string> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120">
    <rect width="160" height="80" fill="#c9b79c"/><rect y="80" width="160" height="40" fill="#6b4f3a"/>
    <rect x="100" y="20" width="40" height="30" fill="${window}"/><circle cx="55" cy="75" r="18" fill="${ball}"/>
  </svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
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

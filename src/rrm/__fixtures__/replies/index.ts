import { readFileSync } from 'node:fs';
import type { Principle } from '../../../core/index.js';

/**
 * Judge replies in the shapes real VLMs write them (Qwen2.5-VL, GPT-4o, Seed-VL), all answering the same
 * edit, with what the parser must make of each: the exact parse, or the ParseError it must raise.
 */
export const FIXTURE_INSTRUCTION = 'Move the red cup to the left of the remote and remove the pen.';

export const FIXTURE_PRINCIPLES: Principle[] = [
  { question: 'Is the red cup now to the left of the remote?', category: 'instruction-following' },
  {
    question: 'Has the pen been removed completely, with no leftover parts or shadow?',
    category: 'instruction-following',
  },
  {
    question: 'Are the remote and the table unchanged apart from the requested edits?',
    category: 'feature-preservation',
  },
  { question: 'Is the background (wall and window) preserved?', category: 'feature-preservation' },
  {
    question: 'Is the image free of artefacts, over-sharpening and colour casts?',
    category: 'image-quality',
  },
];

export type Expectation =
  /** warnings: one substring per warning, in order; the parse must give exactly that many. */
  | { finalScore: number; points: (0 | 1 | null)[]; reportedAverage?: number; warnings: string[] }
  /** A substring of the ParseError's message. */
  | { error: string };

export interface ReplyFixture {
  file: string;
  /** The model family whose habits the reply copies. */
  imitates: 'Qwen2.5-VL' | 'GPT-4o' | 'Seed-VL';
  /** What makes this shape worth a fixture. */
  shape: string;
  tolerant: Expectation;
  /** 'same' when strict mode must give exactly the tolerant result. */
  strict: Expectation | 'same';
}

const ok = (
  finalScore: number,
  points: (0 | 1 | null)[],
  warnings: string[] = [],
  reportedAverage?: number,
) =>
  reportedAverage === undefined
    ? { finalScore, points, warnings }
    : { finalScore, points, warnings, reportedAverage };
const error = (message: string) => ({ error: message });

export const REPLY_FIXTURES: ReplyFixture[] = [
  {
    file: 'well-formed.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'the paper format exactly: reasoning with boxes, ```json list, average, <score>',
    tolerant: ok(9, [1, 1, 1, 1, 1], [], 1),
    strict: 'same',
  },
  {
    file: 'fenced-bare.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'bare ``` fences (no language) around the list and around the average',
    tolerant: ok(5.5, [1, 0, 1, 1, 1], [], 0.8),
    strict: 'same',
  },
  {
    file: 'single-quotes.txt',
    imitates: 'GPT-4o',
    shape: "Python-style single quotes, apostrophes inside them (cup's), trailing commas",
    tolerant: ok(7, [1, 1, 0, 1, 1], ['repaired pseudo-JSON'], 0.8),
    strict: error('not valid JSON'),
  },
  {
    file: 'missing-average.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'no {"average_score"} object',
    tolerant: ok(7, [1, 1, 0, 1, 1]),
    strict: 'same',
  },
  {
    file: 'final-score-phrase.txt',
    imitates: 'GPT-4o',
    shape: 'markdown, no tag, "**Final score: 7**"',
    tolerant: ok(7, [1, 1, 1, 1, 0], ['no <score> tag: read "Final score: 7"'], 0.8),
    strict: error('strict mode does not read the score from prose'),
  },
  {
    file: 'final-score-dash.txt',
    imitates: 'Seed-VL',
    shape: 'no tag, "Final Score - 6.5"',
    tolerant: ok(6.5, [1, 1, 0, 1, 0], ['read "Final Score - 6.5"'], 0.6),
    strict: error('strict mode does not read the score from prose'),
  },
  {
    file: 'score-out-of-ten.txt',
    imitates: 'GPT-4o',
    shape: 'no tag, "Overall, score: 6/10"',
    tolerant: ok(6, [1, 1, 0, 1, 0], ['read "score: 6/10"'], 0.6),
    strict: error('strict mode does not read the score from prose'),
  },
  {
    file: 'backslash-close.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'malformed closing tag <score>6<\\score>, one-line JSON list',
    tolerant: ok(6, [1, 1, 1, 0, 1], ['malformed score tag'], 0.8),
    strict: error('malformed score tag'),
  },
  {
    file: 'unclosed-at-end.txt',
    imitates: 'Qwen2.5-VL',
    shape: '<score>8 as the last thing, never closed',
    tolerant: ok(8, [1, 1, 1, 1, 1], ['unclosed score tag'], 1),
    strict: error('never closed'),
  },
  {
    file: 'score-eleven.txt',
    imitates: 'GPT-4o',
    shape: 'final score 11, above the scale',
    tolerant: error('outside 0-10'),
    strict: 'same',
  },
  {
    file: 'score-negative.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'final score -1, below the scale',
    tolerant: error('outside 0-10'),
    strict: 'same',
  },
  {
    file: 'score-85-of-100.txt',
    imitates: 'GPT-4o',
    shape: '<score>85/100</score>: an explicit scale, read as 8.5',
    tolerant: ok(8.5, [1, 1, 1, 1, 0], ['read 85/100 as 8.5'], 0.8),
    strict: 'same',
  },
  {
    file: 'truncated-mid-json.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'cut off inside the JSON list, no score',
    tolerant: error('cut off before its final score'),
    strict: 'same',
  },
  {
    file: 'truncated-at-score.txt',
    imitates: 'Seed-VL',
    shape: 'cut off right after "<score>"',
    tolerant: error('cut off before its final score'),
    strict: 'same',
  },
  {
    file: 'empty.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'a blank reply',
    tolerant: error('empty'),
    strict: 'same',
  },
  {
    file: 'refusal.txt',
    imitates: 'GPT-4o',
    shape: '"I\'m sorry, but I can\'t help with that"',
    tolerant: error('declined to judge'),
    strict: 'same',
  },
  {
    file: 'prose-only.txt',
    imitates: 'GPT-4o',
    shape: 'prose with numbers ("10%", "score: 1") but no final score',
    tolerant: error('no final score'),
    strict: 'same',
  },
  {
    file: 'two-equal-tags.txt',
    imitates: 'Qwen2.5-VL',
    shape: '<score>7</score> in the reasoning and again at the end',
    tolerant: ok(7, [1, 0, 1, 1, 1], [], 0.8),
    strict: 'same',
  },
  {
    file: 'two-different-tags.txt',
    imitates: 'Seed-VL',
    shape: '<score>9</score>, then a revision to <score>6</score>',
    tolerant: ok(6, [1, 1, 1, 1, 1], ['different final scores'], 1),
    strict: error('different final scores'),
  },
  {
    file: 'non-ascii.txt',
    imitates: 'Seed-VL',
    shape: 'Chinese reasoning and reasons, French accents, emoji',
    tolerant: ok(8, [1, 1, 1, 1, 0], [], 0.8),
    strict: 'same',
  },
  {
    file: 'yes-no.txt',
    imitates: 'GPT-4o',
    shape: 'per-principle scores "yes"/"no" in any case',
    tolerant: ok(7.5, [1, 1, 0, 1, 1], [], 0.8),
    strict: error('strict mode wants 0 or 1'),
  },
  {
    file: 'true-false-mixed.txt',
    imitates: 'GPT-4o',
    shape: 'per-principle scores true/false and "1"/"0" mixed',
    tolerant: ok(5, [1, 1, 1, 0, 0], [], 0.6),
    strict: error('strict mode wants 0 or 1'),
  },
  {
    file: 'reasons-and-boxes.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'items with reason/explanation and box/bbox (one a list of boxes, one null)',
    tolerant: ok(6, [1, 0, 1, 1, 1], [], 0.8),
    strict: 'same',
  },
  {
    file: 'reordered-recased.txt',
    imitates: 'Seed-VL',
    shape: 'items reordered, numbered, upper/lower-cased, re-punctuated',
    tolerant: ok(4.5, [1, 0, 1, 1, 0], [], 0.6),
    strict: 'same',
  },
  {
    file: 'fewer-items.txt',
    imitates: 'GPT-4o',
    shape: '3 items for 5 principles',
    tolerant: ok(5, [1, 0, null, null, 1], ['no score for 2 principle(s)'], 0.67),
    strict: 'same',
  },
  {
    file: 'paraphrased-by-order.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'every question paraphrased, same count: paired by position',
    tolerant: ok(6, [1, 1, 1, 0, 1], ['matched 5 point(s) by position'], 0.8),
    strict: error('does not pair them by position'),
  },
  {
    file: 'half-point.txt',
    imitates: 'GPT-4o',
    shape: 'one per-principle score 0.5: left unscored, never rounded',
    tolerant: ok(7, [1, null, 1, 1, 1], ['is not 0 or 1', 'states average_score 0.9'], 0.9),
    strict: 'same',
  },
  {
    file: 'decimal.txt',
    imitates: 'Qwen2.5-VL',
    shape: '<score>7.25</score>',
    tolerant: ok(7.25, [1, 1, 0, 1, 1], [], 0.8),
    strict: 'same',
  },
  {
    file: 'spaced-tag.txt',
    imitates: 'Qwen2.5-VL',
    shape: '<score> 8 </score> with spaces',
    tolerant: ok(8, [1, 1, 1, 1, 0], [], 0.8),
    strict: 'same',
  },
  {
    file: 'think-tag.txt',
    imitates: 'Seed-VL',
    shape: '<think>...</think> (with a draft "Final score: 5" inside) before the answer',
    tolerant: ok(8, [1, 1, 1, 1, 1], [], 1),
    strict: 'same',
  },
  {
    file: 'think-unclosed.txt',
    imitates: 'Seed-VL',
    shape: 'cut off inside its <think> block',
    tolerant: error('ends inside its <think> block'),
    strict: 'same',
  },
  {
    file: 'average-mismatch.txt',
    imitates: 'Qwen2.5-VL',
    shape: 'stated average 0.9, points average 0.6',
    tolerant: ok(4, [1, 0, 1, 0, 1], ['states average_score 0.9'], 0.9),
    strict: 'same',
  },
  {
    file: 'format-echo.txt',
    imitates: 'GPT-4o',
    shape: 'echoes "<score>x</score>" from the format before the real tag',
    tolerant: ok(7, [1, 1, 1, 1, 0], ['ignored a score tag without a number'], 0.8),
    strict: 'same',
  },
  {
    file: 'json-object-answer.txt',
    imitates: 'GPT-4o',
    shape: 'JSON mode: one object with results, average_score and final_score, no tag',
    tolerant: ok(8, [1, 1, 1, 1, 0], ['read "final_score": 8'], 0.8),
    strict: error('strict mode does not read the score from prose'),
  },
];

export function readReplyFixture(file: string): string {
  return readFileSync(new URL(file, import.meta.url), 'utf8');
}

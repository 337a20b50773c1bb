import { BACKGROUND_COLOR_NAMES, OBJECT_COLOR_NAMES, PATTERNS, SHAPES } from '../../core/index.js';
import type { ParsedObject, ParsedScene } from '../../rrm/index.js';

/** Object slots the policy sees: EditWorld's scene limit. Objects parsed beyond it are not seen. */
export const OBJECT_SLOTS = 8;
/** Hash buckets of each bag of words. */
export const WORD_BUCKETS = 128;
/** Per slot: present, shape, colour, pattern one-hots, x, y, size, and three mention flags. */
export const SLOT_FEATURES = 1 + SHAPES.length + OBJECT_COLOR_NAMES.length + PATTERNS.length + 3 + 3;
/** Two bags of words, the background one-hot, sign seen, quoted text, objects seen, any object named. */
export const TASK_GLOBAL_FEATURES = 2 * WORD_BUCKETS + BACKGROUND_COLOR_NAMES.length + 4;

/** What the policy conditions on, computed once per task: numbers only, nothing of the true scene. */
export interface TaskFeatures {
  global: number[];
  /** OBJECT_SLOTS rows of SLOT_FEATURES; empty slots are all 0. */
  slots: number[][];
  /** How many parsed objects fill the slots (the object head chooses among the first this many). */
  objectsSeen: number;
}

const SHAPE_SET = new Set<string>(SHAPES);

/** Lower-case words, shape plurals made singular ("crosses" -> "cross"), so "red circles" names a red circle. */
export function instructionWords(instruction: string): string[] {
  return (instruction.toLowerCase().match(/[a-z0-9]+/g) ?? []).map((w) => {
    if (w.endsWith('es') && SHAPE_SET.has(w.slice(0, -2))) return w.slice(0, -2);
    if (w.endsWith('s') && SHAPE_SET.has(w.slice(0, -1))) return w.slice(0, -1);
    return w;
  });
}

/** FNV-1a of the word, into WORD_BUCKETS: a bag of words needing no vocabulary, open to any phrasing. */
function bucketOf(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return (h >>> 0) % WORD_BUCKETS;
}

function bagOfWords(words: readonly string[]): number[] {
  const bag = new Array<number>(WORD_BUCKETS).fill(0);
  for (const w of words) bag[bucketOf(w)] = 1;
  return bag;
}

function oneHot(index: number, length: number): number[] {
  return Array.from({ length }, (_, i) => (i === index ? 1 : 0));
}

/** Positions i where words i, i+1 read "<colour> <shape>" and name this object. */
function namedAt(words: readonly string[], object: Pick<ParsedObject, 'color' | 'shape'>): number[] {
  const at: number[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (words[i] === object.color && words[i + 1] === object.shape) at.push(i);
  }
  return at;
}

/**
 * The instruction and the source as parsed from pixels, as numbers. Intent features a parser of
 * instructions would give: which seen object the instruction names ("red circle" next to each other),
 * and a second bag of words without those naming words, so "make the red circle blue" leaves "blue"
 * as the colour asked for, which a bag of the whole sentence cannot tell from "red".
 */
export function taskFeatures(instruction: string, seen: ParsedScene): TaskFeatures {
  const words = instructionWords(instruction);
  const objects = seen.objects.slice(0, OBJECT_SLOTS);
  const naming = new Set<number>();
  const slots = Array.from({ length: OBJECT_SLOTS }, (_, k) => {
    const o = objects[k];
    if (!o) return new Array<number>(SLOT_FEATURES).fill(0);
    const named = namedAt(words, o);
    for (const i of named) naming.add(i).add(i + 1);
    return [
      1,
      ...oneHot(SHAPES.indexOf(o.shape), SHAPES.length),
      ...oneHot(OBJECT_COLOR_NAMES.indexOf(o.color), OBJECT_COLOR_NAMES.length),
      ...oneHot(PATTERNS.indexOf(o.pattern), PATTERNS.length),
      o.x,
      o.y,
      o.size,
      named.length > 0 ? 1 : 0,
      words.includes(o.color) ? 1 : 0,
      words.includes(o.shape) ? 1 : 0,
    ];
  });
  const rest = words.filter((_, i) => !naming.has(i));
  const global = [
    ...bagOfWords(words),
    ...bagOfWords(rest),
    ...oneHot(BACKGROUND_COLOR_NAMES.indexOf(seen.background.color), BACKGROUND_COLOR_NAMES.length),
    seen.sign ? 1 : 0,
    /"[A-Za-z0-9]+"/.test(instruction) ? 1 : 0,
    objects.length / OBJECT_SLOTS,
    naming.size > 0 ? 1 : 0,
  ];
  return { global, slots, objectsSeen: objects.length };
}

import type { EditKind } from './edit-kind.js';
import { bare } from './noun-phrase.js';
import {
  GLOBAL_NOUNS,
  NUMBER_WORD,
  PERSON_NOUNS,
  type Strength,
  type ToneAttribute,
  type ToneDirection,
} from './vocabulary.js';

/** What the rule decomposer read from an instruction: the kind of edit and the things it names. */
export interface InstructionAnalysis {
  kind: EditKind;
  /** The instruction as read: trimmed, without politeness words or end punctuation. */
  instruction: string;
  /** The thing acted on, without its article: "cup", "bright lime green curtains", "his hat". */
  subject?: string;
  /** What is added, or what the subject becomes: "a giraffe", "white", "wood", "a watercolour painting", "blank". */
  target?: string;
  /** Position edits: "to the left of", "under"; add edits: where the new thing goes ("on", "in"). */
  relation?: string;
  /** The thing the relation points to, with its article: "the remote", "the seat". */
  reference?: string;
  /** Left/right are a person's own sides (PAPER.md section 2: they follow the person's facing). */
  personSide?: { person: string; side: 'left' | 'right' };
  tone?: { attribute: ToneAttribute; direction: ToneDirection; strength: Strength };
  grayscale?: boolean;
  /** Text edits: the words to appear and to disappear, when quoted, and the thing that carries them. */
  text?: { new?: string; old?: string; surface: string };
  count?: { mode: 'exactly' | 'more' | 'fewer'; n: number; noun: string };
  size?: 'larger' | 'smaller';
  /** Action edits: the new action as an -ing phrase ("raising his right hand to wave"). */
  action?: string;
}

/** What one reader returns: the analysis without the cleaned instruction, which the classifier adds. */
export type Reading = Omit<InstructionAnalysis, 'instruction'>;

// Shared pieces of noun phrases the readers look for.
export const DETERMINER = '(?:the|a|an|this|that|these|those|his|her|its|their|my|your|our)';
export const DEFINITE = /^(?:the|this|that|these|those|his|her|its|their|my|your|our)\s|^[a-z]+'s\s/i;
export const INDEFINITE = new RegExp(`^(?:a|an|some|another|more|${NUMBER_WORD})\\s`, 'i');
export const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[\s-]+/)
    .filter(Boolean);
export const headNoun = (phrase: string) =>
  words(bare(phrase).split(/\s+(?:of|on|in|with)\s+/)[0]!).pop() ?? '';

/** First word after each definite determiner ("the whole image" -> "image"), to tell global edits from local ones. */
export function definiteNouns(s: string): string[] {
  const re =
    /\b(?:the|this|that|these|those|his|her|its|their|my|your|our)\s+(?:(?:whole|entire|overall)\s+)?([a-z']+)/gi;
  return [...s.matchAll(re)].map((m) => m[1]!.toLowerCase());
}
export const isGlobalPhrase = (phrase: string) => {
  const head = headNoun(phrase);
  return head === 'it' || head === 'this' || head === '' || GLOBAL_NOUNS.has(head);
};
export const isPerson = (phrase: string) => PERSON_NOUNS.has(headNoun(phrase));

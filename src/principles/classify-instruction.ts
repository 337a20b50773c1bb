import type { InstructionAnalysis, Reading } from './instruction-analysis.js';
import { readAction, readAttribute, readSize } from './read-change-edits.js';
import { readAdd, readCount, readPosition, readRemove, readReplace } from './read-object-edits.js';
import { readBackground, readGlobalTone, readStyle, readText } from './read-scene-edits.js';

export type { InstructionAnalysis } from './instruction-analysis.js';

const POLITE =
  /^(?:please|kindly|can you|could you|would you|i want you to|i'd like you to|i would like you to|let's|lets|now|then|and|also)[,\s]+/i;

/** Trims politeness and end punctuation, keeping case (quoted text must survive exactly). */
function clean(instruction: string): string {
  let s = instruction.trim().replace(/\s+/g, ' ');
  while (POLITE.test(s)) s = s.replace(POLITE, '');
  return s.replace(/,?\s*please$/i, '').replace(/[\s.!?]+$/, '');
}

/**
 * The readers, most specific first: text before replace ("change the sign to say ..."), background and
 * style before colour ("make the background blue"), global tone before attributes ("make it warmer"),
 * count before add and remove ("add two more birds"). The first that reads the instruction wins.
 */
const READERS: ((s: string) => Reading | undefined)[] = [
  readText,
  readBackground,
  readStyle,
  readGlobalTone,
  readCount,
  readRemove,
  readReplace,
  readPosition,
  readAdd,
  readSize,
  readAction,
  readAttribute,
];

/** Reads an instruction's edit kind and the things it names; 'generic' when no template reads it. */
export function classifyInstruction(instruction: string): InstructionAnalysis {
  const s = clean(instruction);
  for (const read of READERS) {
    const reading = read(s);
    if (reading) return { instruction: s, ...reading };
  }
  return { instruction: s, kind: 'generic' };
}

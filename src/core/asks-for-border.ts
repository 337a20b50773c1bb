/** Words by which an instruction asks for a border: then a border is the goal of the edit, not a defect. */
const BORDER_WORDS = /\b(?:border|frame[ds]?|framing|padding|pad|letterbox\w*|margins?|vignette)\b/i;

/** Whether the instruction asks for a frame, border, padding or vignette (the decomposer and the hard rules agree on this). */
export function asksForBorder(instruction: string): boolean {
  return BORDER_WORDS.test(instruction);
}

/** Small English helpers for phrasing questions about the things an instruction names. */

const ARTICLE = /^(?:the|a|an|this|that|these|those|some|any)\s+/i;
const PRONOUN_POSSESSIVE = /^(?:his|her|their|its|my|your|our)\s/i;
/** A capitalised name's possessive ("Anna's hat") needs no article; "man's hat" does. */
const NAME_POSSESSIVE = /^[A-Z][a-z]*'s\s/;

/** The phrase without a leading article: "the red cup" -> "red cup"; possessives stay ("his hat"). */
export function bare(phrase: string): string {
  return phrase.trim().replace(ARTICLE, '');
}

/** The phrase as a definite reference: "cup" -> "the cup"; "his hat" and "Anna" stay as they are. */
export function definite(phrase: string): string {
  const b = bare(phrase);
  if (PRONOUN_POSSESSIVE.test(b) || NAME_POSSESSIVE.test(b) || /^[A-Z][a-z]+$/.test(b)) return b;
  return `the ${b}`;
}

/** The head noun decides number: "cup of tea" is singular, "sunglasses" and "birds" are plural. */
export function isPlural(phrase: string): boolean {
  const head = (
    bare(phrase)
      .split(/\s+of\s+/)[0]!
      .split(/\s+/)
      .pop() ?? ''
  ).toLowerCase();
  return head.endsWith('s') && !/(?:ss|us|is)$/.test(head);
}

export const isAre = (phrase: string) => (isPlural(phrase) ? 'Are' : 'Is');
export const hasHave = (phrase: string) => (isPlural(phrase) ? 'Have' : 'Has');
export const doesDo = (phrase: string) => (isPlural(phrase) ? 'Do' : 'Does');

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Short verbs whose last consonant doubles before -ing (sit -> sitting). */
const DOUBLING = new Set([
  'sit',
  'run',
  'swim',
  'nod',
  'hug',
  'clap',
  'jog',
  'shrug',
  'stop',
  'get',
  'put',
  'cut',
  'hit',
  'set',
  'drop',
  'grab',
  'skip',
  'step',
  'dig',
  'wag',
  'beg',
  'spin',
  'hop',
  'nap',
]);

/** The -ing form of a verb: raise -> raising, lie -> lying, sit -> sitting, look -> looking. */
export function gerund(verb: string): string {
  const v = verb.toLowerCase();
  if (v.endsWith('ie')) return `${v.slice(0, -2)}ying`;
  if (DOUBLING.has(v)) return `${v}${v.slice(-1)}ing`;
  if (v.endsWith('e') && !v.endsWith('ee') && v.length > 2) return `${v.slice(0, -1)}ing`;
  return `${v}ing`;
}

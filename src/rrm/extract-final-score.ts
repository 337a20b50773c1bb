import type { ParseContext } from './parse-context.js';
import { excerpt } from './parse-context.js';

/** A number that is not the start of a longer one: "7,5" or "7.5.1" is not read as 7 (nor as 5). */
const NUMBER = String.raw`[-+]?\d+(?:\.\d+)?(?!\d|[.,]\d)`;
const SCALE = String.raw`\s*(?:\/|out\s+of)\s*(\d+(?:\.\d+)?(?!\d|[.,]\d))`;
/** A number with an optional explicit scale: "7.5", "85/100", "4 out of 5". */
const SCALED_NUMBER = String.raw`(${NUMBER})(?:${SCALE})?`;
/**
 * Between a label and its number: a colon, equals sign, "is", or a dash followed by a space (so the
 * minus of "Final score -1" is never taken for a separator), with markdown emphasis or quotes around.
 */
const SEPARATOR = String.raw`[*_"'\s]*(?:[:：=]+|[-–—]+(?=\s)|\bis\b)[*_"'\s]*`;

/** `<score>x</score>`, and the malformed closing `<\score>` some models write. Content holds no tag. */
const CLOSED_TAG = /<\s*score\s*>([^<]*)<\s*([/\\])\s*score\s*>/gi;
/** `<score>x` as the very last thing in the reply, never closed. */
const OPEN_TAG_AT_END = new RegExp(String.raw`<\s*score\s*>\s*${SCALED_NUMBER}\s*$`, 'i');
const TAG_CONTENT = new RegExp(String.raw`^\s*${SCALED_NUMBER}\s*$`);
/** Where a number in a tag starts: a digit, or a sign just before one. */
const FIRST_NUMBER = /[-+]?\d/;
/** Prose forms, read only when the reply has no tag: "Final score: 7", "**Overall Score - 6.5**". */
const FINAL_PHRASE = new RegExp(
  String.raw`\b(?:final|overall)[\s_-]*score${SEPARATOR}${SCALED_NUMBER}`,
  'gi',
);
/** "score: 7/10": a bare "score" counts only with its scale, so per-principle "score: 1" lines are never read. */
const SCORE_WITH_SCALE = new RegExp(String.raw`\bscore${SEPARATOR}(${NUMBER})${SCALE}`, 'gi');
const REFUSAL =
  /\b(?:I['’]?m sorry|I am sorry|I apologi[sz]e|I can(?:['’]|no)?t|I['’]?m (?:not able|unable)|unable to (?:help|assist|evaluate|judge))\b/i;

interface Candidate {
  /** The number as written and its scale when one was stated. */
  number: string;
  scale: string | undefined;
  /** Where it came from, for messages. */
  text: string;
  /** Nothing closes it: if the reply was cut off, digits may be missing. */
  openEnded: boolean;
}

export interface ScoreOptions {
  /** The server stopped the reply at its token limit (finish reason 'length'). */
  truncated?: boolean;
  /** Clamp an out-of-range score into 0-10 (with a warning) instead of refusing it. */
  clampOutOfRange?: boolean;
}

const isDigit = (code: number): boolean => code >= 48 && code <= 57;

/**
 * Tolerant mode reads a tag's number through a label or unit around it ("Score: 8", "8 points"): the
 * content from its first number (sign included) to its last digit, or '' when it has no digit. Found by
 * a search and a backward scan, since a regex for the non-digit tail is tried from every position and
 * so takes time quadratic in the length of a tag full of words.
 */
function withoutLabel(content: string): string {
  const first = content.search(FIRST_NUMBER);
  if (first < 0) return '';
  let end = content.length;
  while (!isDigit(content.charCodeAt(end - 1))) end--;
  return content.slice(first, end);
}

function tagCandidates(answer: string, ctx: ParseContext): Candidate[] {
  const found: Candidate[] = [];
  for (const match of answer.matchAll(CLOSED_TAG)) {
    const [text, content = '', closer] = match;
    if (closer === '\\') {
      if (ctx.strict) ctx.fail(`malformed score tag ${text}: strict mode wants <score>x</score>`);
      ctx.warnings.push(`read the malformed score tag ${text}`);
    }
    const hit = TAG_CONTENT.exec(ctx.strict ? content : withoutLabel(content));
    if (!hit && /\d/.test(content)) {
      ctx.fail(
        ctx.strict
          ? `the score tag ${excerpt(text)} holds more than a number: strict mode wants <score>x</score>`
          : `the score tag ${excerpt(text)} does not hold one number`,
      );
    }
    if (!hit) {
      // An echo of the format ("<score>x</score>") or a tag with words only: it holds no score.
      ctx.warnings.push(`ignored a score tag without a number: ${excerpt(text)}`);
      continue;
    }
    if (hit[0].trim() !== content.trim())
      ctx.warnings.push(`read ${hit[0].trim()} from the tag ${excerpt(text)}`);
    found.push({ number: hit[1]!, scale: hit[2], text, openEnded: false });
  }
  const open = OPEN_TAG_AT_END.exec(answer.trimEnd());
  if (open) {
    if (ctx.strict) ctx.fail(`the score tag ${open[0]} is never closed: strict mode wants <score>x</score>`);
    ctx.warnings.push(`read the unclosed score tag at the end of the reply: ${open[0]}`);
    found.push({ number: open[1]!, scale: open[2], text: open[0], openEnded: true });
  }
  return found;
}

function phraseCandidates(answer: string): Candidate[] {
  const end = answer.trimEnd().length;
  const read = (pattern: RegExp): Candidate[] =>
    [...answer.matchAll(pattern)].map((m) => ({
      number: m[1]!,
      scale: m[2],
      text: m[0],
      openEnded: m.index + m[0].length >= end,
    }));
  const finals = read(FINAL_PHRASE);
  return finals.length > 0 ? finals : read(SCORE_WITH_SCALE);
}

/** Why a reply has no score, in words a user can act on. */
function missingScoreMessage(answer: string, truncated: boolean): string {
  const fences = answer.match(/```/g)?.length ?? 0;
  const opens = answer.match(/[[{]/g)?.length ?? 0;
  const closes = answer.match(/[\]}]/g)?.length ?? 0;
  const where =
    fences % 2 === 1
      ? 'it ends inside a code block'
      : opens > closes
        ? 'it ends inside its JSON'
        : /<\s*score\s*>\s*$/i.test(answer)
          ? 'it ends at an empty <score> tag'
          : truncated
            ? 'the server stopped it at the token limit'
            : undefined;
  if (where) {
    return `the reply is cut off before its final score (${where}): raise maxTokens or ask again`;
  }
  if (REFUSAL.test(answer)) {
    return `the model declined to judge ("${excerpt(answer)}"): there is no score to read`;
  }
  return `no final score in the reply: expected <score>x</score> (0-10) at its end, or a "Final score: x" line; it ends "${excerpt(answer.slice(-80))}"`;
}

function toValue(candidate: Candidate, options: ScoreOptions, ctx: ParseContext): number {
  const number = Number(candidate.number);
  const scale = candidate.scale === undefined ? 10 : Number(candidate.scale);
  if (!(scale > 0)) ctx.fail(`the final score ${candidate.text} states a scale of ${candidate.scale}`);
  // Rescaled only when a scale other than 10 was written: 3.64 * 10 / 10 would read 3.6399999999999997.
  const value = scale === 10 ? number : (number * 10) / scale;
  if (candidate.scale !== undefined && scale !== 10) {
    ctx.warnings.push(`read ${candidate.number}/${candidate.scale} as ${value} on the 0-10 scale`);
  }
  if (value >= 0 && value <= 10) return value;
  if (!options.clampOutOfRange) {
    ctx.fail(
      `the final score ${excerpt(candidate.text)} is outside 0-10 (pass clampOutOfRange: true to clamp it)`,
    );
  }
  const clamped = Math.min(10, Math.max(0, value));
  ctx.warnings.push(`clamped the out-of-range final score ${value} to ${clamped}`);
  return clamped;
}

/**
 * The final score: the last `<score>` tag (tolerant of `<\score>` and of an unclosed tag at the very end),
 * else a "Final score: x" phrase. Never guesses: with no score, or a score that may have been cut off,
 * it fails. Several different scores: strict mode fails, tolerant mode takes the last with a warning.
 */
export function extractFinalScore(answer: string, options: ScoreOptions, ctx: ParseContext): number {
  let candidates = tagCandidates(answer, ctx);
  if (candidates.length === 0) {
    candidates = phraseCandidates(answer);
    if (candidates.length > 0 && ctx.strict) {
      ctx.fail(
        `no <score> tag; strict mode does not read the score from prose ("${excerpt(candidates.at(-1)!.text)}")`,
      );
    }
    if (candidates.length > 0)
      ctx.warnings.push(`no <score> tag: read "${excerpt(candidates.at(-1)!.text)}"`);
  }
  const last = candidates.at(-1);
  if (!last) ctx.fail(missingScoreMessage(answer, options.truncated === true));
  if (options.truncated && last.openEnded) {
    ctx.fail(
      `the reply was cut off at the token limit right after "${excerpt(last.text)}": the score may be incomplete`,
    );
  }
  const values = candidates.map((c) =>
    c.scale === undefined || Number(c.scale) === 10
      ? Number(c.number)
      : (Number(c.number) * 10) / Number(c.scale),
  );
  const distinct = [...new Set(values)];
  if (distinct.length > 1) {
    const listed = candidates.map((c) => excerpt(c.text, 30)).join(', ');
    if (ctx.strict)
      ctx.fail(`the reply gives different final scores (${listed}): strict mode refuses to choose`);
    ctx.warnings.push(`the reply gives different final scores (${listed}); took the last`);
  }
  return toValue(last, options, ctx);
}

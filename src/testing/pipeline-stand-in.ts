import { createRng, normalizeCategory, type PointVerdict } from '../core/index.js';
import { DECOMPOSER_SYSTEM_PROMPT } from '../principles/index.js';
import { formatRrmTrace, PROMPT_VARIANT_NAMES, systemPrompt } from '../rrm/index.js';
import type { StandInHandler, StandInRequestBody, StandInResponse } from './stand-in-types.js';

/** What the pipeline's requests list under their principles heading (judge and verifier alike). */
interface ListedPrinciple {
  question: string;
  category?: string;
  predictions?: { trace: number; answer: number | string }[];
}

/** Which of the pipeline's chat requests this is, told apart by its system prompt. */
export type PipelineRequestKind = 'judge' | 'verifier' | 'decomposer';

const JUDGE_PROMPTS = new Set(PROMPT_VARIANT_NAMES.map((variant) => systemPrompt(variant)));
/** The verifier's prompt asks for one bare `{"gold": [...]}` object; no judge prompt does. */
const VERIFIER_MARK = '{"gold": [';
const PRINCIPLES_HEADING = /^Principles, to (?:check|label) in this order/;
/** Every reply names the request's seed this way, so a test can tie a stored result to the request behind it. */
const SEED_TAG = /\(stand-in seed (-?\d+)\)/;

function textParts(message: unknown): string[] {
  const content = (message as { content?: unknown }).content;
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return (content as { type?: unknown; text?: unknown }[])
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text as string);
}

/** 'judge' for any RRM prompt variant, 'verifier' for the gold-label prompt, 'decomposer' for principles, else null. */
export function pipelineRequestKind(body: StandInRequestBody): PipelineRequestKind | null {
  const system = (body.messages ?? []).find((m) => (m as { role?: unknown }).role === 'system');
  const text = system === undefined ? '' : textParts(system).join('');
  if (JUDGE_PROMPTS.has(text)) return 'judge';
  if (text === DECOMPOSER_SYSTEM_PROMPT) return 'decomposer';
  return text.includes(VERIFIER_MARK) ? 'verifier' : null;
}

/** The instruction of a decomposer request: its last user turn's `Instruction: ...` line. */
function requestedInstruction(body: StandInRequestBody): string {
  const last = (body.messages ?? []).at(-1);
  for (const text of last === undefined ? [] : textParts(last)) {
    const match = /^Instruction: (.+)$/m.exec(text);
    if (match) return match[1]!.trim();
  }
  throw new Error('the decomposer request has no "Instruction: ..." line in its last turn');
}

/** Ten principles in a 4-3-3 split, about the instruction, in an order and wording drawn from the seed. */
function decomposerReply(instruction: string, seed: number): string {
  const rng = createRng(seed);
  const aspects = ['the object', 'the colour', 'the position', 'the size', 'the shape', 'the count'];
  const asked = (category: string, n: number, ask: (aspect: string) => string) =>
    Array.from({ length: n }, (_, i) => ({
      category,
      question: ask(`${aspects[(i + rng.int(0, aspects.length - 1)) % aspects.length]} (${i + 1})`),
    }));
  const principles = [
    ...asked('instruction-following', 4, (a) => `Does the edit follow "${instruction}" for ${a}?`),
    ...asked('feature-preservation', 3, (a) => `Is everything but ${a} of the edit kept as it was?`),
    ...asked('image-quality', 3, (a) => `Is the area of ${a} free of artefacts?`),
  ];
  return JSON.stringify(principles);
}

/** The principles the request lists: the JSON paragraph after the heading, in the last user turn. */
function listedPrinciples(body: StandInRequestBody): ListedPrinciple[] {
  for (const message of [...(body.messages ?? [])].reverse()) {
    for (const text of textParts(message)) {
      const paragraphs = text.split('\n\n');
      const at = paragraphs.findIndex((p) => PRINCIPLES_HEADING.test(p));
      if (at >= 0 && paragraphs[at + 1] !== undefined) {
        return JSON.parse(paragraphs[at + 1]!) as ListedPrinciple[];
      }
    }
  }
  throw new Error('the request lists no principles (no "Principles, to ... in this order" paragraph)');
}

/** The seed a stand-in reply was written for (from its reasoning or a gold reason), or null. */
export function standInSeedOf(text: string): number | null {
  const match = SEED_TAG.exec(text);
  return match ? Number(match[1]) : null;
}

/** The request's seed; a request without one gets a hash of its text, so the reply is still a function of it. */
function seedOf(body: StandInRequestBody): number {
  if (typeof body.seed === 'number' && Number.isFinite(body.seed)) return body.seed;
  let hash = 0x811c9dc5;
  for (const char of JSON.stringify((body.messages ?? []).flatMap(textParts))) {
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  }
  return hash | 0;
}

/** 0/1 per principle, about three in four satisfied, and a final score near their mean: all from the seed. */
function judgeReply(principles: readonly ListedPrinciple[], seed: number): string {
  const rng = createRng(seed);
  const points: PointVerdict[] = principles.map((p) => {
    const score = rng.next() < 0.75 ? 1 : 0;
    return {
      question: p.question,
      category: normalizeCategory(p.category ?? '') ?? 'instruction-following',
      score,
      reason: score === 1 ? 'The edited image shows it.' : 'The edited image does not show it.',
    };
  });
  const mean = points.reduce((sum, p) => sum + (p.score ?? 0), 0) / points.length;
  const finalScore = Math.round(Math.min(10, Math.max(0, mean * 10 + rng.int(-10, 10) / 10)) * 10) / 10;
  const reasoning = [
    `Stand-in judge (stand-in seed ${seed}).`,
    ...points.map((p, i) => `${i + 1}. ${p.question} ${p.score === 1 ? 'Satisfied.' : 'Not satisfied.'}`),
  ].join('\n');
  return formatRrmTrace({ reasoning, points, finalScore });
}

/** Gold per principle: the majority of the traces' answers; a tie or no answers is settled by the seed. */
function verifierReply(principles: readonly ListedPrinciple[], seed: number): string {
  const rng = createRng(seed);
  const gold = principles.map((p) => {
    const answers = (p.predictions ?? []).map((x) => x.answer).filter((a) => a === 0 || a === 1);
    const yes = answers.filter((a) => a === 1).length;
    const no = answers.length - yes;
    const draw = rng.next() < 0.5 ? 1 : 0;
    const label = yes === no ? draw : yes > no ? 1 : 0;
    return {
      question: p.question,
      gold: label,
      reason: `(stand-in seed ${seed}) ${yes} of ${answers.length} traces said yes.`,
    };
  });
  return JSON.stringify({ gold });
}

/**
 * A stand-in handler for the SFT pipeline's chat requests: RRM judge requests (any prompt variant) get a
 * well-formed verdict for the principles they list, verifier requests a well-formed `{"gold": [...]}` of
 * the same length, decomposer requests ten well-formed principles about the instruction. Replies depend only on the request's seed (and, for gold, the traces' answers it
 * lists), and name the seed as `(stand-in seed N)`, which standInSeedOf reads back from a stored result.
 * Any other request gets HTTP 400 (not retried), so a prompt change fails a test loudly.
 */
export function pipelineStandIn(): StandInHandler {
  return ({ body }): StandInResponse => {
    try {
      const kind = pipelineRequestKind(body);
      if (kind === null)
        throw new Error('the system prompt is none of the RRM judge, verifier and decomposer prompts');
      const seed = seedOf(body);
      if (kind === 'decomposer') return { reply: decomposerReply(requestedInstruction(body), seed) };
      const principles = listedPrinciples(body);
      return { reply: kind === 'judge' ? judgeReply(principles, seed) : verifierReply(principles, seed) };
    } catch (error) {
      const message = `pipeline stand-in: ${error instanceof Error ? error.message : String(error)}`;
      return { error: 400, body: { error: { message } } };
    }
  };
}

import { splitThinking, type Principle } from '../../core/index.js';
import { normalizeQuestion } from '../../core/index.js';
import { UnitError } from '../traces/index.js';
import type { GoldLabel } from '../types.js';
import { findJsonObjects } from './find-json-objects.js';

const REFUSAL =
  /\b(?:I['’]?m sorry|I am sorry|I apologi[sz]e|I can(?:['’]|no)?t|I['’]?m (?:not able|unable)|unable to)\b/i;

const excerpt = (text: string, max = 60): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

function fail(reason: 'parse' | 'wrong-length', message: string, raw: string): never {
  throw new UnitError({ reason, message, raw, retryable: true });
}

/** The answer after a reasoning model's <think> block. */
function answerPart(raw: string): string {
  const { answer, unfinished } = splitThinking(raw);
  if (unfinished) {
    fail('parse', 'the reply ends inside its <think> block, before any labels: raise maxTokens', raw);
  }
  return answer;
}

interface Entry {
  question: string;
  gold: 0 | 1;
  reason: string;
}

function readEntry(item: unknown, index: number, raw: string): Entry {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    fail('parse', `gold[${index}] is not an object {"question", "gold", "reason"}`, raw);
  }
  const { question, gold, reason } = item as Record<string, unknown>;
  if (typeof question !== 'string' || question.trim() === '') {
    fail('parse', `gold[${index}] has no question text`, raw);
  }
  if (gold !== 0 && gold !== 1) {
    fail(
      'parse',
      `gold[${index}].gold is ${JSON.stringify(gold) ?? 'missing'}: expected the number 0 or 1`,
      raw,
    );
  }
  if (reason !== undefined && typeof reason !== 'string') {
    fail('parse', `gold[${index}].reason is ${JSON.stringify(reason)}: expected a sentence`, raw);
  }
  return { question, gold, reason: reason?.trim() ?? '' };
}

/**
 * The verifier's labels, one per principle in the principles' order, from a reply holding
 * `{"gold": [{"question", "gold", "reason"}]}` (bare, fenced, or with prose around it; never repaired).
 * Entries are matched to principles by normalised question text; the rest pair up by order. Throws
 * UnitError (raw kept, retryable): 'parse' for no such object, two different ones, or a gold not 0/1;
 * 'wrong-length' when the list does not have one entry per principle.
 */
export function parseGoldReply(raw: string, principles: readonly Principle[]): GoldLabel[] {
  const objects = findJsonObjects(answerPart(raw), (o) => Object.hasOwn(o, 'gold'));
  if (objects.length === 0) {
    const why = REFUSAL.test(raw)
      ? `the verifier declined ("${excerpt(raw)}")`
      : raw.trim() === ''
        ? 'the reply is empty'
        : `no JSON object with a "gold" list in the reply ("${excerpt(raw)}")`;
    fail('parse', `${why}: expected {"gold": [{"question", "gold", "reason"}]}`, raw);
  }
  if (new Set(objects.map((o) => JSON.stringify(o))).size > 1) {
    fail('parse', `the reply has ${objects.length} different "gold" objects: refusing to choose`, raw);
  }
  const list = objects[0]!.gold;
  if (!Array.isArray(list)) fail('parse', '"gold" is not a list', raw);
  if (list.length !== principles.length) {
    fail(
      'wrong-length',
      `the verifier labelled ${list.length} principles; there are ${principles.length}`,
      raw,
    );
  }
  const entries = list.map((item, i) => readEntry(item, i, raw));

  const keys = principles.map((p) => normalizeQuestion(p.question));
  const assigned: (Entry | undefined)[] = principles.map(() => undefined);
  const leftovers: Entry[] = [];
  for (const entry of entries) {
    const key = normalizeQuestion(entry.question);
    const slot = keys.findIndex((k, i) => k === key && assigned[i] === undefined);
    if (slot >= 0) assigned[slot] = entry;
    else leftovers.push(entry);
  }
  // Same length, so the entries matching no principle are exactly as many as the open slots.
  const open = assigned.flatMap((a, i) => (a === undefined ? [i] : []));
  open.forEach((slot, k) => (assigned[slot] = leftovers[k]));
  return principles.map((principle, i) => ({
    question: principle.question,
    gold: assigned[i]!.gold,
    reason: assigned[i]!.reason,
  }));
}

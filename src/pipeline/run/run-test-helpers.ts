import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { CATEGORY_LABELS, formatRrmTrace } from '../../rrm/index.js';
import type { StandInRequest, StandInResponse } from '../../testing/index.js';
import { VERIFIER_SYSTEM_PROMPT } from '../verify/index.js';

/** Writes `config` as run.json in a fresh temp folder (removed after the test); returns its path. */
export async function writeRunConfig(t: TestContext, config: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-run-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, 'run.json');
  await writeFile(path, JSON.stringify({ store: 'sqlite:store.sqlite', workDir: 'work', ...config }));
  return path;
}

/** EditWorld inputs at the smallest size the tests need, and the in-process judges. */
export const offlineParts = {
  inputs: { editworld: { seed: 7, sources: 2, size: 128 } },
  decomposer: { type: 'given' },
  candidates: [{ name: 'world', type: 'editworld', perInput: 2 }],
  seed: 1,
};

interface ListedPrinciple {
  question: string;
  category: string;
}

type Message = { role: string; content: string | { type: string; text?: string }[] };

/** The principles a judge or verifier request lists (the pretty-printed JSON block of its last text part). */
export function listedPrinciples(request: StandInRequest): ListedPrinciple[] {
  const messages = request.body.messages as Message[];
  const user = messages[messages.length - 1]!;
  const parts = typeof user.content === 'string' ? [user.content] : user.content.map((p) => p.text ?? '');
  const block = parts[parts.length - 1]!.split('\n\n').find((chunk) => chunk.startsWith('['));
  if (block === undefined) throw new Error('the request lists no principles');
  return JSON.parse(block) as ListedPrinciple[];
}

/** Which prompt a request carries: the verifier's system prompt, or a judge's. */
export function isVerifierRequest(request: StandInRequest): boolean {
  const messages = request.body.messages as Message[];
  return messages[0]?.content === VERIFIER_SYSTEM_PROMPT;
}

const categoryOf = (label: string) => {
  const found = Object.entries(CATEGORY_LABELS).find(([, l]) => l === label);
  if (!found) throw new Error(`unknown category label ${label}`);
  return found[0] as keyof typeof CATEGORY_LABELS;
};

/** A well-formed answer to either kind of request: every principle satisfied (gold 1, trace score 1). */
export function wellFormedReply(request: StandInRequest): StandInResponse {
  const listed = listedPrinciples(request);
  if (isVerifierRequest(request)) {
    return JSON.stringify({
      gold: listed.map((p) => ({ question: p.question, gold: 1, reason: 'It holds.' })),
    });
  }
  return formatRrmTrace({
    reasoning: 'Each principle checked against both images.',
    points: listed.map((p) => ({
      question: p.question,
      category: categoryOf(p.category),
      score: 1,
      reason: 'Holds.',
    })),
    finalScore: 8,
  });
}

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { buildJudgeMessages, decomposeByRules, type ChatMessage, type Principle } from '../src/index.js';
import type { SourceTask } from './edit-set.js';

/** One GRPO group held in memory: a source, its instruction and principles, and its candidate edits. */
export interface Group {
  id: string;
  instruction: string;
  principles: Principle[];
  /** JPEG bytes, as written to disk at the start. */
  source: Buffer;
  edits: Buffer[];
}

const dataUrl = (jpeg: Buffer) => `data:image/jpeg;base64,${jpeg.toString('base64')}`;

/** Reads the written files back once, before any pass: passes then measure HTTP and judging, not the disk. */
export async function readGroups(tasks: readonly SourceTask[], prefix: string): Promise<Group[]> {
  return Promise.all(
    tasks.map(async (task, i) => ({
      id: `${prefix}-${i}`,
      instruction: task.instruction,
      // Given in the request, as a trainer that decomposed once would: no decomposer call is measured.
      principles: decomposeByRules(task.instruction),
      source: await readFile(task.source),
      edits: await Promise.all(task.edits.map((path) => readFile(path))),
    })),
  );
}

/** How many different images the groups hold (by content), and how many in all: a repeat would be a cache hit. */
export function distinctImages(groups: readonly Group[]): { distinct: number; total: number } {
  const hashes = new Set<string>();
  let total = 0;
  for (const group of groups) {
    for (const image of [group.source, ...group.edits]) {
      hashes.add(createHash('sha256').update(image).digest('hex'));
      total++;
    }
  }
  return { distinct: hashes.size, total };
}

/** A POST /v1/rewards body for the group: one item, images as data URLs, as a trainer sends them. */
export function rewardsBody(group: Group): Buffer {
  const item = {
    id: group.id,
    source: dataUrl(group.source),
    edited: group.edits.map(dataUrl),
    instruction: group.instruction,
    principles: group.principles,
  };
  return Buffer.from(JSON.stringify({ items: [item] }));
}

/** The chat API's shape of our messages (images as image_url parts), as the openai backend sends them. */
export function toChatApi(message: ChatMessage) {
  if (typeof message.content === 'string') return message;
  return {
    role: message.role,
    content: message.content.map((part) =>
      part.type === 'text' ? part : { type: 'image_url', image_url: { url: part.url } },
    ),
  };
}

/**
 * The chat completion bodies the server's judge would send for the group, one per edit (same prompt,
 * same images, greedy, the judge's default token limit): the direct path's requests, so the stand-in
 * parses as much per request on both paths.
 */
export function chatBodies(group: Group, model: string): Buffer[] {
  const sourceUrl = dataUrl(group.source);
  return group.edits.map((edit) => {
    const messages = buildJudgeMessages({
      instruction: group.instruction,
      principles: group.principles,
      sourceUrl,
      editedUrl: dataUrl(edit),
    });
    const body = { model, messages: messages.map(toChatApi), temperature: 0, max_tokens: 2048 };
    return Buffer.from(JSON.stringify(body));
  });
}

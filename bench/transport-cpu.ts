// npm run bench:transport: the CPU the openai backend spends on one chat request (a source and an
// edit, 512 px JPEGs, as the judge sends them) with Node's built-in fetch (given the body as a buffer,
// and as a stream) and with the backend's own node:http transport (its default), side by side against the stand-in VLM
// in its own process. See docs/BENCHMARKS.md.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildJudgeMessages,
  createOpenAICompatibleBackend,
  type ChatBackend,
  type ChatRequest,
} from '../src/index.js';
import { loadImage, VlmImageEncoder } from '../src/images/index.js';
import { writeEditSet } from './edit-set.js';
import { percentile } from './percentile.js';
import { readGroups } from './server-requests.js';
import { startStandInProcess } from './stand-in-process.js';

const SETTINGS = { side: 512, quality: 90, seed: 11, groupSize: 16, rounds: 9, groupsPerRound: 40 };

/** A group's 16 chat requests, with the judge's prompt and images encoded as the judge does. */
async function groupRequests(dir: string): Promise<ChatRequest[]> {
  const { tasks } = await writeEditSet({
    dir,
    prefix: 'transport',
    sources: 1,
    editsPerSource: SETTINGS.groupSize,
    side: SETTINGS.side,
    quality: SETTINGS.quality,
    seed: SETTINGS.seed,
  });
  const [group] = await readGroups(tasks, 'transport');
  const encoder = new VlmImageEncoder();
  const source = await encoder.encode(await loadImage(group!.source));
  return Promise.all(
    group!.edits.map(async (edit) => ({
      messages: buildJudgeMessages({
        instruction: group!.instruction,
        principles: group!.principles,
        sourceUrl: source,
        editedUrl: await encoder.encode(await loadImage(edit)),
      }),
      temperature: 0,
      maxTokens: 2048,
    })),
  );
}

/**
 * The built-in fetch given the body as a stream of its bytes, as the backend sent it before it had a
 * fetch of its own (to spare the two copies fetch makes of a buffer body).
 */
const streamingBody: typeof fetch = (input, init) => {
  const bytes = init?.body as Uint8Array;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return fetch(input, { ...init, body, duplex: 'half' } as RequestInit);
};

/** This process's CPU per request over `groups` groups sent one after another, each 16 at once. */
async function cpuPerRequest(backend: ChatBackend, requests: ChatRequest[], groups: number): Promise<number> {
  const before = process.cpuUsage();
  for (let g = 0; g < groups; g++) await Promise.all(requests.map((request) => backend.complete(request)));
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / (groups * requests.length);
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-bench-transport-'));
  const standIn = await startStandInProcess({ delayMs: 0, capacity: 32, model: 'stand-in-vlm' });
  try {
    const requests = await groupRequests(dir);
    const backend = (fetch?: typeof globalThis.fetch) =>
      createOpenAICompatibleBackend({
        baseURL: standIn.baseURL,
        model: 'stand-in-vlm',
        concurrency: 32,
        ...(fetch ? { fetch } : {}),
      });
    const transports: Record<string, ChatBackend> = {
      'built-in fetch': backend(globalThis.fetch),
      'built-in fetch, body streamed': backend(streamingBody),
      'node:http, no SDK (the default)': backend(),
    };
    const samples = Object.fromEntries(Object.keys(transports).map((name) => [name, [] as number[]]));
    // Warm each up (JIT, connections), then alternate, so the host's drift falls on all alike.
    for (const t of Object.values(transports)) await cpuPerRequest(t, requests, 10);
    for (let round = 0; round < SETTINGS.rounds; round++) {
      for (const [name, t] of Object.entries(transports)) {
        samples[name]!.push(await cpuPerRequest(t, requests, SETTINGS.groupsPerRound));
      }
    }
    const median = (name: string) => percentile(samples[name]!, 0.5);
    console.log(
      `${requests.length} chat requests a group (a ${SETTINGS.side} px source and edit each, sent ${requests.length} at once), ` +
        `${SETTINGS.groupsPerRound} groups a round, ${SETTINGS.rounds} alternating rounds; stand-in with no delay, in its own process`,
    );
    const width = Math.max(...Object.keys(samples).map((name) => name.length));
    for (const name of Object.keys(samples)) {
      console.log(
        `${name.padEnd(width)}  CPU a request: median ${median(name).toFixed(3)} ms (rounds ${samples[name]!.map((v) => v.toFixed(3)).join(', ')})`,
      );
    }
    for (const name of ['built-in fetch', 'built-in fetch, body streamed']) {
      console.log(
        `${name} / the default: ${(median(name) / median('node:http, no SDK (the default)')).toFixed(2)}x the CPU`,
      );
    }
  } finally {
    await standIn.close();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

import { exited, forkTs, nextMessage } from './child.js';
import type { PassResult, PassTask } from './judge-pass.js';

type Answer = { ok: true; result: PassResult } | { ok: false; error: string };

/** Runs one pass in a fresh client process and returns its result; the process is ended afterwards. */
export async function runPassInProcess(task: PassTask): Promise<PassResult> {
  const child = forkTs('./judge-pass-child.ts');
  try {
    const answer = nextMessage<Answer>(child);
    child.send(task);
    const reply = await answer;
    if (!reply.ok) throw new Error(`pass "${task.spec.name}" failed: ${reply.error}`);
    return reply.result;
  } finally {
    // The child exits by itself once it has answered (or has already, when it crashed).
    await exited(child);
  }
}

import { request, type Agent } from 'node:http';
import type { RewardsResponse } from '../src/index.js';

interface Reply {
  status: number;
  body: Buffer;
  serverTiming: string | undefined;
}

/** One JSON POST on the agent's keep-alive connections; resolves with the whole response. */
function postJson(agent: Agent, url: URL, body: Buffer): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        agent,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            serverTiming: [res.headers['server-timing'] ?? []].flat().join(', ') || undefined,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** One group answered: its wall time from the first byte sent to the last byte received. */
export interface Sent {
  latencyMs: number;
  edits: number;
  /**
   * The server's own account (its Server-Timing header): from the request's arrival to its answer,
   * less its slowest judge call. Absent on the direct path.
   */
  outsideJudgeMs?: number;
}

/** `total - judge` from a Server-Timing header such as `images;dur=2.1, queue;dur=0.0, judge;dur=211.3, total;dur=219.0`. */
export function outsideJudgeMs(header: string | undefined): number {
  const dur = (name: string) => Number(new RegExp(`(?:^|, )${name};dur=([\\d.]+)`).exec(header ?? '')?.[1]);
  const outside = dur('total') - dur('judge');
  if (!Number.isFinite(outside))
    throw new Error(`no total and judge in the server-timing header ${JSON.stringify(header)}`);
  return outside;
}

const excerpt = (reply: Reply) => `HTTP ${reply.status}: ${reply.body.toString('utf8').slice(0, 300)}`;

/**
 * Sends one POST /v1/rewards (its body built before the pass, so the clock and the event loop carry
 * only the sending) and checks the answer has a finite reward for each of the `edits`: a malformed
 * answer fails the request.
 */
export async function sendToServer(agent: Agent, url: URL, body: Buffer, edits: number): Promise<Sent> {
  const started = performance.now();
  const reply = await postJson(agent, url, body);
  const latencyMs = performance.now() - started;
  if (reply.status !== 200) throw new Error(excerpt(reply));
  const rewards = (JSON.parse(reply.body.toString('utf8')) as RewardsResponse).results[0]?.rewards ?? [];
  if (rewards.length !== edits || rewards.some((r) => !Number.isFinite(r.reward))) {
    throw new Error(`${rewards.length} rewards for ${edits} edits`);
  }
  return { latencyMs, edits, outsideJudgeMs: outsideJudgeMs(reply.serverTiming) };
}

/**
 * The direct path: the judge's chat request for every edit of a group, all sent to the stand-in at
 * once, as an ideal server that added nothing would. Its latency is the group's: until the last reply.
 */
export async function sendDirect(agent: Agent, url: URL, bodies: readonly Buffer[]): Promise<Sent> {
  const started = performance.now();
  const replies = await Promise.all(bodies.map((body) => postJson(agent, url, body)));
  const latencyMs = performance.now() - started;
  const bad = replies.find((reply) => reply.status !== 200 || !reply.body.includes('<score>'));
  if (bad) throw new Error(excerpt(bad));
  return { latencyMs, edits: replies.length };
}

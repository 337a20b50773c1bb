import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { BackendError, ConfigError, InvalidImageError, ParseError, UsageError } from '../core/index.js';
import { createJudgeAndDecomposer } from '../create-judge.js';
import { createRewardClient, toImageRef } from './client.js';
import { startRewardServer } from './start-reward-server.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}
type Handler = (seen: Seen, res: ServerResponse, index: number) => void;

/** A stand-in for the reward service: records every request and answers as the test's handler says. */
async function startFake(handler: Handler) {
  const requests: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const seen = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      requests.push(seen);
      handler(seen, res, requests.length - 1);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

const point = { question: 'Is the cup red?', category: 'instruction-following', score: 1 };
function reward(finalScore: number) {
  return { finalScore, reward: finalScore / 10, averageScore: 1, points: [point], rulesApplied: [] };
}

/** Records the waits a client asks for instead of waiting. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

let png: Buffer;
let dir: string;
let jpegPath: string;

before(async () => {
  png = await sharp({ create: { width: 8, height: 6, channels: 3, background: '#c03030' } })
    .png()
    .toBuffer();
  dir = await mkdtemp(join(tmpdir(), 'edit-r1-client-'));
  jpegPath = join(dir, 'source.jpg');
  await writeFile(jpegPath, await sharp(png).jpeg().toBuffer());
});
after(() => rm(dir, { recursive: true, force: true }));

describe('toImageRef', () => {
  test('reads bytes and paths into data URLs of their real type, and passes URLs and base64 through', async () => {
    const fromBytes = await toImageRef(new Uint8Array(png));
    assert.equal(fromBytes, `data:image/png;base64,${png.toString('base64')}`);
    const fromPath = await toImageRef(jpegPath);
    assert.match(fromPath, /^data:image\/jpeg;base64,/);
    const webp = await sharp(png).webp().toBuffer();
    assert.match(await toImageRef(webp), /^data:image\/webp;base64,/);
    for (const ref of ['data:image/png;base64,AAAA', 'https://example.com/a.png', png.toString('base64')]) {
      assert.equal(await toImageRef(ref), ref);
    }
  });

  test('refuses a missing file and bytes that are not an image', async () => {
    await assert.rejects(toImageRef(join(dir, 'missing.png')), InvalidImageError);
    await assert.rejects(toImageRef(Buffer.from('not an image at all')), InvalidImageError);
  });
});

describe('createRewardClient', () => {
  test('refuses a baseURL that is not http(s)', () => {
    assert.throws(() => createRewardClient({ baseURL: 'localhost:8080' }), ConfigError);
  });

  test('sends JSON with the bearer key and returns the validated answer', async () => {
    const fake = await startFake((_seen, res) =>
      json(res, 200, { results: [{ id: 'a', rewards: [reward(7.5), reward(2)] }] }),
    );
    try {
      const client = createRewardClient({ baseURL: `${fake.url}/`, apiKey: 'k-123' });
      const answer = await client.rewards({
        items: [
          {
            id: 'a',
            source: jpegPath,
            edited: [png, 'data:image/png;base64,AAAA'],
            instruction: 'make it red',
          },
        ],
        samples: 2,
        seed: 7,
      });
      assert.deepEqual(
        answer.results[0]!.rewards.map((r) => r.reward),
        [0.75, 0.2],
      );
      assert.equal(fake.requests.length, 1);
      const seen = fake.requests[0]!;
      assert.equal(seen.method, 'POST');
      assert.equal(seen.url, '/v1/rewards');
      assert.equal(seen.headers.authorization, 'Bearer k-123');
      assert.match(seen.headers['content-type'] ?? '', /^application\/json/);
      const body = JSON.parse(seen.body) as {
        items: { id: string; source: string; edited: string[]; instruction: string }[];
        samples: number;
        seed: number;
      };
      assert.equal(body.samples, 2);
      assert.equal(body.seed, 7);
      const item = body.items[0]!;
      assert.equal(item.instruction, 'make it red');
      assert.match(item.source, /^data:image\/jpeg;base64,/);
      assert.deepEqual(item.edited, [
        `data:image/png;base64,${png.toString('base64')}`,
        'data:image/png;base64,AAAA',
      ]);
    } finally {
      await fake.close();
    }
  });

  test('checks the request before sending it, naming the field', async () => {
    const fake = await startFake((_seen, res) => json(res, 500, {}));
    try {
      const client = createRewardClient({ baseURL: fake.url });
      await assert.rejects(
        client.rewards({ items: [{ source: png, edited: [png], instruction: 'x' }], samples: 0 }),
        (error: unknown) => error instanceof UsageError && /samples/.test(error.message),
      );
      assert.equal(fake.requests.length, 0);
    } finally {
      await fake.close();
    }
  });

  test("a 400 is a UsageError carrying the server's message, not retried", async () => {
    const message = 'items.0.instruction: the instruction is empty';
    const fake = await startFake((_seen, res) => json(res, 400, { error: { type: 'bad_request', message } }));
    try {
      const client = createRewardClient({ baseURL: fake.url, sleep: recordingSleep().sleep });
      await assert.rejects(
        client.rewards({ items: [{ source: png, edited: [png], instruction: 'x' }] }),
        (error: unknown) => error instanceof UsageError && error.message.includes(message),
      );
      assert.equal(fake.requests.length, 1);
    } finally {
      await fake.close();
    }
  });

  test('a 429 is retried after the retry-after the server sent', async () => {
    const fake = await startFake((_seen, res, index) =>
      index === 0
        ? json(
            res,
            429,
            { error: { type: 'too_many_requests', message: 'queue full' } },
            { 'retry-after': '2' },
          )
        : json(res, 200, { results: [{ id: '0', rewards: [reward(9)] }] }),
    );
    try {
      const { waits, sleep } = recordingSleep();
      const client = createRewardClient({ baseURL: fake.url, sleep });
      const answer = await client.rewards({ items: [{ source: png, edited: [png], instruction: 'x' }] });
      assert.equal(answer.results[0]!.rewards[0]!.finalScore, 9);
      assert.equal(fake.requests.length, 2);
      assert.deepEqual(waits, [2000]);
      assert.equal(fake.requests[1]!.body, fake.requests[0]!.body);
    } finally {
      await fake.close();
    }
  });

  test('a 503 without retry-after backs off with jitter; past maxRetries it is a retryable BackendError', async () => {
    const fake = await startFake((_seen, res) =>
      json(res, 503, { error: { type: 'backend_error', message: 'VLM down' } }),
    );
    try {
      const { waits, sleep } = recordingSleep();
      const client = createRewardClient({ baseURL: fake.url, maxRetries: 2, sleep, random: () => 0.5 });
      await assert.rejects(
        client.rewards({ items: [{ source: png, edited: [png], instruction: 'x' }] }),
        (error: unknown) =>
          error instanceof BackendError &&
          error.status === 503 &&
          error.retryable &&
          /VLM down/.test(error.message),
      );
      assert.equal(fake.requests.length, 3);
      // 0.5 x 500 ms, then 0.5 x 1000 ms
      assert.deepEqual(waits, [250, 500]);
    } finally {
      await fake.close();
    }
  });

  test('a 500 is a BackendError at once', async () => {
    const fake = await startFake((_seen, res) =>
      json(res, 500, { error: { type: 'internal', message: 'boom' } }),
    );
    try {
      const client = createRewardClient({ baseURL: fake.url, sleep: recordingSleep().sleep });
      await assert.rejects(
        client.rewards({ items: [{ source: png, edited: [png], instruction: 'x' }] }),
        (error: unknown) => error instanceof BackendError && error.status === 500 && !error.retryable,
      );
      assert.equal(fake.requests.length, 1);
    } finally {
      await fake.close();
    }
  });

  test('a body that is not JSON, or not the schema, is a ParseError keeping the raw text', async () => {
    const bodies = ['{"results": [', JSON.stringify({ results: [{ id: '0', rewards: [reward(11)] }] })];
    const fake = await startFake((_seen, res, index) => json(res, 200, bodies[index]!));
    try {
      const client = createRewardClient({ baseURL: fake.url });
      for (const raw of bodies) {
        await assert.rejects(
          client.rewards({ items: [{ source: png, edited: [png], instruction: 'x' }] }),
          (error: unknown) => error instanceof ParseError && error.raw === raw,
        );
      }
    } finally {
      await fake.close();
    }
  });

  test('an answer with fewer rewards than edits is a ParseError', async () => {
    const fake = await startFake((_seen, res) =>
      json(res, 200, { results: [{ id: '0', rewards: [reward(5)] }] }),
    );
    try {
      const client = createRewardClient({ baseURL: fake.url });
      await assert.rejects(
        client.rewards({ items: [{ source: png, edited: [png, png], instruction: 'x' }] }),
        (error: unknown) =>
          error instanceof ParseError && /\[1\] rewards per item for \[2\]/.test(error.message),
      );
    } finally {
      await fake.close();
    }
  });

  test(
    "an abort cancels the request on the wire and rejects with the signal's reason",
    { timeout: 10_000 },
    async () => {
      let arrived!: () => void;
      const arrival = new Promise<void>((resolve) => (arrived = resolve));
      let dropped!: (unanswered: boolean) => void;
      const drop = new Promise<boolean>((resolve) => (dropped = resolve));
      // Never answers; says whether the client hung up before an answer was written.
      const fake = await startFake((_seen, res) => {
        res.on('close', () => dropped(!res.writableEnded));
        arrived();
      });
      try {
        const client = createRewardClient({ baseURL: fake.url });
        const controller = new AbortController();
        const pending = client.rewards(
          { items: [{ source: png, edited: [png], instruction: 'x' }] },
          {
            signal: controller.signal,
          },
        );
        await arrival;
        controller.abort();
        await assert.rejects(pending, { name: 'AbortError' });
        assert.equal(await drop, true);
      } finally {
        await fake.close();
      }
    },
  );

  test('a server that does not answer in time is a retryable BackendError', async () => {
    const fake = await startFake(() => {});
    try {
      const client = createRewardClient({ baseURL: fake.url, timeoutMs: 50 });
      await assert.rejects(
        client.rewards({ items: [{ source: png, edited: [png], instruction: 'x' }] }),
        (error: unknown) =>
          error instanceof BackendError && error.retryable && /no answer within 50 ms/.test(error.message),
      );
    } finally {
      await fake.close();
    }
  });

  test('a refused connection is retried, then a retryable BackendError', async () => {
    const fake = await startFake(() => {});
    const url = fake.url;
    await fake.close();
    const { waits, sleep } = recordingSleep();
    const client = createRewardClient({ baseURL: url, maxRetries: 1, sleep, random: () => 0 });
    await assert.rejects(
      client.rewards({ items: [{ source: png, edited: [png], instruction: 'x' }] }),
      (error: unknown) =>
        error instanceof BackendError && error.retryable && /ECONNREFUSED/.test(error.message),
    );
    assert.deepEqual(waits, [0]);
  });

  test('decompose sends the source as a data URL and returns the principles', async () => {
    const fake = await startFake((_seen, res) =>
      json(res, 200, { principles: [{ question: 'Is the cup red?', category: 'Instruction Following' }] }),
    );
    try {
      const client = createRewardClient({ baseURL: fake.url });
      const { principles } = await client.decompose({ source: png, instruction: 'make the cup red' });
      assert.deepEqual(principles, [{ question: 'Is the cup red?', category: 'instruction-following' }]);
      const seen = fake.requests[0]!;
      assert.equal(seen.url, '/v1/decompose');
      assert.deepEqual(JSON.parse(seen.body), {
        source: `data:image/png;base64,${png.toString('base64')}`,
        instruction: 'make the cup red',
      });
    } finally {
      await fake.close();
    }
  });

  test('health and ready say true on 200 and false on 503 or no server', async () => {
    const fake = await startFake((seen, res) => json(res, seen.url === '/healthz' ? 200 : 503, {}));
    const client = createRewardClient({ baseURL: fake.url });
    try {
      assert.equal(await client.health(), true);
      assert.equal(await client.ready(), false);
      assert.deepEqual(
        fake.requests.map((r) => `${r.method} ${r.url}`),
        ['GET /healthz', 'GET /readyz'],
      );
    } finally {
      await fake.close();
    }
    assert.equal(await client.health(), false);
  });
});

describe('against the real service with the embedded judge', () => {
  test('rewards, decompose, health and a wrong key, over real HTTP', async () => {
    const { judge, decomposer } = createJudgeAndDecomposer({ backend: 'embedded' });
    const server = await startRewardServer({
      judge,
      decomposer,
      judgeFingerprint: 'embedded',
      keys: ['k-e2e'],
    });
    try {
      const source = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3060c0' } })
        .png()
        .toBuffer();
      const client = createRewardClient({ baseURL: server.url, apiKey: 'k-e2e' });
      assert.equal(await client.health(), true);
      const instruction = 'make the background red';
      const answer = await client.rewards({ items: [{ id: 'g', source, edited: [source], instruction }] });
      const [result] = answer.results;
      assert.equal(result!.id, 'g');
      // An edit identical to its source scores 0, by the hard rule, whatever the principles say.
      assert.equal(result!.rewards[0]!.reward, 0);
      assert.deepEqual(
        result!.rewards[0]!.rulesApplied.map((r) => r.rule),
        ['near-identical'],
      );
      const { principles } = await client.decompose({ source, instruction });
      assert.ok(principles.length > 0);
      const stranger = createRewardClient({ baseURL: server.url, apiKey: 'wrong' });
      await assert.rejects(
        stranger.rewards({ items: [{ source, edited: [source], instruction }] }),
        (error: unknown) => error instanceof UsageError && /HTTP 401/.test(error.message),
      );
    } finally {
      await server.close();
    }
  });
});

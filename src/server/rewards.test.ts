import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { createRewardApp } from './create-reward-app.js';
import { startRewardServer } from './start-reward-server.js';
import type { RewardServerOptions } from './options.js';
import { RewardsResponseSchema } from './schemas.js';
import { counted, RECOLOUR, sceneDataUrl } from './test-fixtures.js';

let red: string;
let blue: string;
let green: string;
before(async () => {
  [red, blue, green] = await Promise.all([
    sceneDataUrl('#d22b2b'),
    sceneDataUrl('#2b4fd2'),
    sceneDataUrl('#2bd24f'),
  ]);
});

function appWith(extra: Partial<RewardServerOptions> = {}) {
  const c = counted();
  const app = createRewardApp({
    judge: c.judge,
    decomposer: c.decomposer,
    judgeFingerprint: 'test',
    ...extra,
  });
  return { app, calls: c.calls };
}

const post = (app: ReturnType<typeof createRewardApp>, payload: unknown, url = '/v1/rewards') =>
  app.inject({ method: 'POST', url, payload: payload as object });

/** Polls `condition` for up to 5 s: far longer than it needs, far shorter than the timeouts it guards against. */
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 5000;) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.fail(`gave up waiting until ${what}`);
}

function errorOf(body: string): { type: string; message: string } {
  const parsed = JSON.parse(body) as { error: { type: string; message: string } };
  assert.equal(Object.keys(parsed).length, 1);
  assert.doesNotMatch(body, /\n\s+at /, 'no stack trace');
  return parsed.error;
}

describe('POST /v1/rewards with the embedded judge', () => {
  test('scores each edit of a group: reward = finalScore / 10, ids echoed or the item index', async () => {
    const { app } = appWith();
    const res = await post(app, {
      items: [
        { id: 'g1', source: red, edited: [blue, red], instruction: RECOLOUR },
        { source: red, edited: [blue], instruction: RECOLOUR },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = RewardsResponseSchema.parse(JSON.parse(res.body));
    assert.deepEqual(
      body.results.map((r) => [r.id, r.rewards.length]),
      [
        ['g1', 2],
        ['1', 1],
      ],
    );
    const [recoloured, unchanged] = body.results[0]!.rewards;
    assert.ok(recoloured!.finalScore > unchanged!.finalScore, 'the real edit beats the unchanged copy');
    assert.equal(unchanged!.finalScore, 0, 'near-identical scores 0');
    assert.ok(unchanged!.rulesApplied.some((r) => r.rule === 'near-identical'));
    for (const reward of body.results.flatMap((r) => r.rewards)) {
      assert.equal(reward.reward, reward.finalScore / 10);
    }
    await app.close();
  });

  test('samples > 1 goes through judge.sample and reports the sample scores', async () => {
    const { app, calls } = appWith();
    const res = await post(app, {
      items: [{ source: red, edited: [blue], instruction: RECOLOUR }],
      samples: 3,
    });
    assert.equal(res.statusCode, 200, res.body);
    const reward = RewardsResponseSchema.parse(JSON.parse(res.body)).results[0]!.rewards[0]!;
    assert.equal(reward.samples?.scores.length, 3);
    assert.equal(reward.samples?.failed, 0);
    assert.deepEqual([calls.sample, calls.judge], [1, 0]);
    await app.close();
  });

  test('each schema error is a 400 that names the field', async () => {
    const { app } = appWith();
    const item = { source: red, edited: [blue], instruction: RECOLOUR };
    const cases: [unknown, RegExp][] = [
      [{}, /^items: /],
      [{ items: [] }, /^items: give at least one item/],
      [{ items: [{ ...item, edited: [] }] }, /^items\[0\]\.edited: give at least one edited image/],
      [{ items: [{ ...item, instruction: '  ' }] }, /^items\[0\]\.instruction: the instruction is empty/],
      [{ items: [{ ...item, source: '' }] }, /^items\[0\]\.source: /],
      [{ items: [item, { ...item, edited: [blue, 7] }] }, /^items\[1\]\.edited\[1\]: /],
      [
        { items: [{ ...item, instruction: 'x'.repeat(4001) }] },
        /^items\[0\]\.instruction: an instruction has at most 4000 characters/,
      ],
      [
        {
          items: [
            {
              ...item,
              principles: Array.from({ length: 65 }, (_, i) => ({ question: `Q${i}?`, category: 'quality' })),
            },
          ],
        },
        /^items\[0\]\.principles: give at most 64 principles/,
      ],
      [
        {
          items: [
            { ...item, principles: [{ question: `${'Is it red '.repeat(101)}?`, category: 'quality' }] },
          ],
        },
        /^items\[0\]\.principles\[0\]\.question: a question has at most 1000 characters/,
      ],
      [{ items: [{ ...item, id: 'i'.repeat(257) }] }, /^items\[0\]\.id: at most 256 characters/],
      [
        {
          items: [
            {
              ...item,
              principles: [
                { question: 'Is the ball blue?', category: 'instruction-following' },
                { question: 'Is the ball BLUE', category: 'image-quality' },
              ],
            },
          ],
        },
        /^items\[0\]\.principles\[1\]\.question: asks what principle 0 \(counting from 0\) asks/,
      ],
      [
        { items: [{ ...item, principles: [{ question: 'Q?', category: 'taste' }] }] },
        /^items\[0\]\.principles\[0\]\.category: category must be/,
      ],
      [{ items: [item], samples: 0 }, /^samples: /],
      [{ items: [item], samples: 1.5 }, /^samples: /],
      [{ items: [item], seed: 'x' }, /^seed: /],
      [{ items: [{ ...item, colour: 'red' }] }, /^items\[0\]\.colour: /],
      [{ items: [item], extra: true }, /^extra: /],
    ];
    for (const [payload, message] of cases) {
      const res = await post(app, payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload));
      const error = errorOf(res.body);
      assert.equal(error.type, 'bad_request');
      assert.match(error.message, message);
    }
    await app.close();
  });

  test('bad images: not base64, not an image, a file path (never opened), named by field', async () => {
    const { app } = appWith();
    const cases: [string, RegExp][] = [
      ['%%%not base64%%%', /^items\[0\]\.edited\[0\]: not a data URL, base64 or http\(s\) URL/],
      ['/etc/hostname', /^items\[0\]\.edited\[0\]: /],
      [
        Buffer.from('just some text, not a picture').toString('base64'),
        /^items\[0\]\.edited\[0\]: could not decode/,
      ],
      ['file:///etc/hostname', /^items\[0\]\.edited\[0\]: not a data URL/],
    ];
    for (const [ref, message] of cases) {
      const res = await post(app, { items: [{ source: red, edited: [ref], instruction: RECOLOUR }] });
      assert.equal(res.statusCode, 400, ref);
      assert.match(errorOf(res.body).message, message);
    }
    await app.close();
  });

  test('an oversize body is a 413 with the JSON error', async () => {
    const { app } = appWith({ limits: { bodyBytes: 10_000 } });
    const res = await post(app, {
      items: [{ source: red, edited: [blue], instruction: 'x'.repeat(20_000) }],
    });
    assert.equal(res.statusCode, 413);
    const error = errorOf(res.body);
    assert.equal(error.type, 'payload_too_large');
    assert.match(error.message, /10000 bytes/);
    await app.close();
  });

  test('too many images in one request is a 413 before any image is read', async () => {
    const { app, calls } = appWith({ limits: { imagesPerRequest: 4 } });
    const res = await post(app, {
      items: [{ source: red, edited: [blue, blue, blue, blue], instruction: RECOLOUR }],
    });
    assert.equal(res.statusCode, 413);
    assert.match(errorOf(res.body).message, /5 images, over the limit of 4/);
    assert.equal(calls.judge + calls.decompose, 0);
    await app.close();
  });

  test('an image over the pixel limit is refused from its header with a clear message', async () => {
    const { app, calls } = appWith({ limits: { maxPixels: 100_000 } });
    const huge = await sharp({ create: { width: 1000, height: 1000, channels: 3, background: '#808080' } })
      .png()
      .toBuffer();
    const res = await post(app, {
      items: [{ source: red, edited: [huge.toString('base64')], instruction: RECOLOUR }],
    });
    assert.equal(res.statusCode, 413);
    const error = errorOf(res.body);
    assert.equal(error.type, 'payload_too_large');
    assert.match(
      error.message,
      /items\[0\]\.edited\[0\]: .*1000x1000 \(1000000 pixels\), over the 100000-pixel limit/,
    );
    assert.equal(calls.judge, 0);
    await app.close();
  });

  test('principles are decomposed once for a group of 8 edits, and not again in the next request', async () => {
    const { app, calls } = appWith();
    const edits = Array.from({ length: 8 }, (_, i) => (i % 2 ? blue : green));
    const first = await post(app, { items: [{ source: red, edited: edits, instruction: RECOLOUR }] });
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(calls.decompose, 1);
    const second = await post(app, {
      items: [{ source: red, edited: [green], instruction: RECOLOUR }],
      seed: 5,
    });
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(calls.decompose, 1, 'reused across requests');
    const other = await post(app, {
      items: [{ source: red, edited: [green], instruction: 'Make the ball green' }],
    });
    assert.equal(other.statusCode, 200, other.body);
    assert.equal(calls.decompose, 2, 'another instruction is another decomposition');
    await app.close();
  });

  test('given principles are used as they are, with no decomposition', async () => {
    const { app, calls } = appWith();
    const principles = [
      {
        question: 'Does the image differ visibly?',
        category: 'Instruction Following',
        check: { kind: 'changed' },
      },
    ];
    const res = await post(app, {
      items: [{ source: red, edited: [blue], instruction: RECOLOUR, principles }],
    });
    assert.equal(res.statusCode, 200, res.body);
    const reward = RewardsResponseSchema.parse(JSON.parse(res.body)).results[0]!.rewards[0]!;
    assert.deepEqual(
      reward.points.map((p) => [p.question, p.category, p.score]),
      [['Does the image differ visibly?', 'instruction-following', 1]],
    );
    assert.equal(calls.decompose, 0);
    await app.close();
  });

  test('a repeated request is answered from the memory cache, with no judge call', async () => {
    const { app, calls } = appWith();
    const payload = { items: [{ source: red, edited: [blue, green], instruction: RECOLOUR }] };
    const first = await post(app, payload);
    assert.equal(calls.judge, 2);
    const second = await post(app, payload);
    assert.equal(calls.judge, 2, 'no new judge call');
    assert.deepEqual(JSON.parse(second.body), JSON.parse(first.body));
    const seeded = await post(app, { ...payload, seed: 1 });
    assert.equal(seeded.statusCode, 200);
    assert.equal(calls.judge, 4, 'another seed is another key');
    await app.close();
  });

  test('an edit sent several times in one request is judged once, and each place gets its reward', async () => {
    const { app, calls } = appWith();
    const res = await post(app, {
      items: [
        { id: 'a', source: red, edited: [blue, green, blue, blue], instruction: RECOLOUR },
        { id: 'b', source: red, edited: [green], instruction: RECOLOUR },
      ],
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(calls.judge, 2, 'blue and green, once each');
    const [a, b] = RewardsResponseSchema.parse(JSON.parse(res.body)).results;
    assert.equal(a!.rewards.length, 4);
    assert.deepEqual(a!.rewards[2], a!.rewards[0]);
    assert.deepEqual(a!.rewards[3], a!.rewards[0]);
    assert.deepEqual(b!.rewards[0], a!.rewards[1], 'the same source, instruction and edit: one judgement');
    assert.notDeepEqual(a!.rewards[0], a!.rewards[1]);
    await app.close();
  });

  test('the SQLite cache answers across a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edit-r1-server-'));
    const cacheFile = join(dir, 'rewards.sqlite');
    const payload = { items: [{ source: red, edited: [blue], instruction: RECOLOUR }] };
    try {
      const one = appWith({ cacheFile });
      const first = await post(one.app, payload);
      assert.equal(one.calls.judge, 1);
      await one.app.close();

      const two = appWith({ cacheFile });
      const second = await post(two.app, payload);
      assert.equal(two.calls.judge, 0, 'read from the file');
      assert.deepEqual(JSON.parse(second.body), JSON.parse(first.body));
      await two.app.close();

      const other = appWith({ cacheFile, judgeFingerprint: 'another model' });
      await post(other.app, payload);
      assert.equal(other.calls.judge, 1, 'another judge fingerprint is another key');
      await other.app.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('/metrics shows requests, cache hits and misses, decompositions and errors moving', async () => {
    const { app } = appWith();
    const payload = { items: [{ source: red, edited: [blue], instruction: RECOLOUR }] };
    await post(app, payload);
    await post(app, payload);
    await post(app, { items: [] });
    const res = await app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/plain/);
    const value = (name: string) =>
      Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(res.body)?.[1]);
    assert.equal(value('edit_r1_cache_misses_total'), 1);
    assert.equal(value('edit_r1_cache_hits_total'), 1);
    assert.equal(value('edit_r1_decompositions_total{cached="false"}'), 1);
    assert.equal(value('edit_r1_decompositions_total{cached="true"}'), 1);
    assert.equal(value('edit_r1_errors_total{type="bad_request"}'), 1);
    assert.equal(value('edit_r1_judge_duration_seconds_count{outcome="ok"}'), 1);
    assert.equal(
      value('edit_r1_http_request_duration_seconds_count{method="POST",route="/v1/rewards",status="200"}'),
      2,
    );
    assert.equal(
      value('edit_r1_http_request_duration_seconds_count{method="POST",route="/v1/rewards",status="400"}'),
      1,
    );
    assert.equal(value('edit_r1_queue_depth'), 0);
    assert.equal(value('edit_r1_judge_in_flight'), 0);
    assert.equal(value('edit_r1_parse_failures_total'), 0);
    await app.close();
  });

  test('POST /v1/decompose returns the principles, shared with /v1/rewards', async () => {
    const { app, calls } = appWith();
    const res = await post(app, { source: red, instruction: RECOLOUR }, '/v1/decompose');
    assert.equal(res.statusCode, 200, res.body);
    const { principles } = JSON.parse(res.body) as { principles: { question: string; category: string }[] };
    assert.ok(principles.length >= 3);
    await post(app, { items: [{ source: red, edited: [blue], instruction: RECOLOUR }] });
    assert.equal(calls.decompose, 1);
    const bad = await post(app, { source: red }, '/v1/decompose');
    assert.equal(bad.statusCode, 400);
    assert.match(errorOf(bad.body).message, /^instruction: /);
    await app.close();
  });
});

describe('JSON bodies', () => {
  test('non-ASCII text comes through as sent; prototype poisoning is refused', async () => {
    const { app } = appWith();
    const text = 'Grüße ✓ 東京';
    const res = await post(
      app,
      { source: red, instruction: `Change the sign text to "${text}"` },
      '/v1/decompose',
    );
    assert.equal(res.statusCode, 200, res.body);
    const { principles } = JSON.parse(res.body) as { principles: { question: string }[] };
    assert.ok(
      principles.some((p) => p.question.includes(`"${text}"`)),
      res.body,
    );
    const poisoned = await app.inject({
      method: 'POST',
      url: '/v1/rewards',
      headers: { 'content-type': 'application/json' },
      payload: '{"__proto__": {"polluted": true}, "items": []}',
    });
    assert.equal(poisoned.statusCode, 400, poisoned.body);
    assert.match(errorOf(poisoned.body).message, /"__proto__".*rename or drop it/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    await app.close();
  });

  test('a body that is not JSON is a 400 that says why and where; an empty one says so', async () => {
    const { app } = appWith();
    const send = (payload: string) =>
      app.inject({
        method: 'POST',
        url: '/v1/rewards',
        headers: { 'content-type': 'application/json' },
        payload,
      });
    const broken = await send('{"items": [}');
    assert.equal(broken.statusCode, 400, broken.body);
    assert.match(
      errorOf(broken.body).message,
      /^the body is not valid JSON: Unexpected token '}', "{"items": \[}"/,
    );
    const empty = await send('');
    assert.equal(empty.statusCode, 400, empty.body);
    assert.equal(errorOf(empty.body).message, 'the body is empty; send the request as a JSON object');
    await app.close();
  });

  test('only JSON is read: another content type or a compressed body is a 415 that says what to send', async () => {
    const { app, calls } = appWith();
    const body = JSON.stringify({ items: [{ source: red, edited: [blue], instruction: RECOLOUR }] });
    const send = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/v1/rewards', headers, payload: body });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/vnd.api+json']) {
      const res = await send({ 'content-type': type });
      assert.equal(res.statusCode, 415, `${type}: ${res.body}`);
      const error = errorOf(res.body);
      assert.equal(error.type, 'unsupported_media_type');
      assert.match(
        error.message,
        new RegExp(`content-type: application/json \\(it came as ${type.replace('+', '\\+')}\\)`),
      );
    }
    const gzip = await send({ 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(gzip.statusCode, 415, gzip.body);
    assert.match(errorOf(gzip.body).message, /uncompressed; send this one without content-encoding: gzip/);
    const identity = await send({ 'content-type': 'application/json', 'content-encoding': 'identity' });
    assert.equal(identity.statusCode, 200, identity.body);
    assert.equal(calls.judge, 1, 'only the plain JSON body was judged');
    await app.close();
  });
});

describe('image URLs', () => {
  let url: string;
  let hits = 0;
  /** Requests for /hang, which is never answered, and whether each was closed by its client. */
  const hung: { closed: boolean }[] = [];
  const server = createServer((req, res) => {
    hits++;
    if (req.url === '/hang') {
      const seen = { closed: false };
      hung.push(seen);
      res.on('close', () => (seen.closed = true));
      return;
    }
    if (req.url === '/redirect') {
      res.writeHead(302, { location: 'http://localhost.invalid/blue.png' }).end();
      return;
    }
    void sceneDataUrl('#2b4fd2').then((data) => {
      res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from(data.split(',')[1]!, 'base64'));
    });
  });
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('are fetched only from allowed hosts, and never followed off the allow-list', async () => {
    const closed = appWith();
    const refused = await post(closed.app, {
      items: [{ source: red, edited: [`${url}/blue.png`], instruction: RECOLOUR }],
    });
    assert.equal(refused.statusCode, 400);
    assert.match(errorOf(refused.body).message, /images from 127\.0\.0\.1 are not allowed/);
    assert.equal(hits, 0, 'not fetched');
    await closed.app.close();

    const open = appWith({ allowHosts: ['127.0.0.1'] });
    const fetched = await post(open.app, {
      items: [{ source: red, edited: [`${url}/blue.png`], instruction: RECOLOUR }],
    });
    assert.equal(fetched.statusCode, 200, fetched.body);
    assert.equal(hits, 1);
    const bounced = await post(open.app, {
      items: [{ source: red, edited: [`${url}/redirect`], instruction: RECOLOUR }],
    });
    assert.equal(bounced.statusCode, 400);
    assert.match(
      errorOf(bounced.body).message,
      /redirected to http:\/\/localhost\.invalid\/blue\.png, whose host is not on the allow-list/,
    );
    assert.doesNotMatch(errorOf(bounced.body).message, /could not fetch/, 'said once, not wrapped');
    await open.app.close();
  });

  test("a download is cancelled when the request's client leaves", async () => {
    const { judge, decomposer } = counted();
    const running = await startRewardServer({
      judge,
      decomposer,
      judgeFingerprint: 'test',
      allowHosts: ['127.0.0.1'],
    });
    const client = new AbortController();
    const sent = fetch(`${running.url}/v1/rewards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ source: red, edited: [`${url}/hang`], instruction: RECOLOUR }] }),
      signal: client.signal,
    }).catch(() => undefined);
    try {
      await waitFor(() => hung.length === 1, 'the download starts');
      client.abort();
      await sent;
      // The download's own timeout is 15 s: well after this wait gives up.
      await waitFor(() => hung[0]!.closed, 'the download is cancelled');
    } finally {
      await running.close();
    }
  });
});

test('GET /openapi.json is OpenAPI 3.1 JSON with the POST routes and their schemas', async () => {
  const { app } = appWith();
  const res = await app.inject({ url: '/openapi.json' });
  assert.equal(res.statusCode, 200);
  const doc = JSON.parse(res.body) as {
    openapi: string;
    paths: Record<string, Record<string, unknown>>;
    components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
  };
  assert.equal(doc.openapi, '3.1.0');
  const posts = Object.entries(doc.paths)
    .filter(([, ops]) => 'post' in ops)
    .map(([path]) => path);
  assert.deepEqual(posts.sort(), ['/v1/decompose', '/v1/rewards']);
  for (const path of ['/healthz', '/readyz', '/metrics', '/openapi.json'])
    assert.ok(doc.paths[path]?.get, path);
  const rewardsOk = (doc.paths['/v1/rewards']!.post as { responses: Record<string, { headers?: object }> })
    .responses['200'];
  assert.deepEqual(Object.keys(rewardsOk?.headers ?? {}), ['server-timing']);
  assert.deepEqual(Object.keys(doc.components.schemas.RewardsRequest!.properties!).sort(), [
    'items',
    'samples',
    'seed',
  ]);
  // Every $ref points at something the document has.
  for (const ref of res.body.match(/"\$ref":"[^"]+"/g) ?? []) {
    const [, kind, name] = /#\/components\/(\w+)\/(\w+)/.exec(ref)!;
    assert.ok((doc.components as unknown as Record<string, Record<string, unknown>>)[kind!]?.[name!], ref);
  }
  await app.close();
});

test('GET /healthz and /readyz answer for the embedded judge; unknown routes are a JSON 404', async () => {
  const { app } = appWith();
  assert.deepEqual(JSON.parse((await app.inject({ url: '/healthz' })).body), { status: 'ok' });
  assert.deepEqual(JSON.parse((await app.inject({ url: '/readyz' })).body), { status: 'ready' });
  const missing = await app.inject({ url: '/v2/nothing' });
  assert.equal(missing.statusCode, 404);
  assert.equal(errorOf(missing.body).type, 'not_found');
  await app.close();
});

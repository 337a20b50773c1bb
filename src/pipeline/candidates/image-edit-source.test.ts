import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import sharp from 'sharp';
import { BackendError } from '../../core/index.js';
import type { PreparedInput } from '../inputs/index.js';
import { createImageEditSource } from './image-edit-source.js';

interface Seen {
  url: string;
  auth: string | undefined;
  fields: Record<string, string>;
  image: { name: string; type: string; bytes: Buffer } | undefined;
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A stand-in image-edit server: records each multipart request, answers what `reply` says. */
let reply: (seen: Seen) => { status: number; body: unknown } = () => ({ status: 500, body: {} });
const seen: Seen[] = [];
let server: Server;
let baseURL = '';

async function readMultipart(req: IncomingMessage): Promise<Omit<Seen, 'url' | 'auth'>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const form = await new Request('http://x/', {
    method: 'POST',
    headers: { 'content-type': req.headers['content-type'] ?? '' },
    body: Buffer.concat(chunks),
  }).formData();
  const fields: Record<string, string> = {};
  let image: Seen['image'];
  for (const [key, value] of form) {
    if (typeof value === 'string') fields[key] = value;
    else image = { name: value.name, type: value.type, bytes: Buffer.from(await value.arrayBuffer()) };
  }
  return { fields, image };
}

before(async () => {
  server = createServer((req, res) => {
    void readMultipart(req).then((parts) => {
      const request = { url: req.url ?? '', auth: req.headers.authorization, ...parts };
      seen.push(request);
      const { status, body } = reply(request);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function setup() {
  const dir = await mkdtemp(join(tmpdir(), 'image-edit-'));
  const sourceBytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#102030' } })
    .png()
    .toBuffer();
  const source = join(dir, 'src.png');
  await writeFile(source, sourceBytes);
  const input: PreparedInput = {
    id: 'in1',
    source,
    instruction: 'make it red',
    sourceSha256: sha256(sourceBytes),
  };
  const backends = {
    editor: { type: 'openai' as const, baseURL, apiKeyEnv: 'EDIT_KEY', concurrency: 8, timeoutMs: 5000 },
  };
  const ctx = { workDir: join(dir, 'run'), backends, env: { EDIT_KEY: 'sk-test' } };
  return { dir, input, ctx, sourceBytes };
}

const config = {
  name: 'kontext',
  type: 'image-edit' as const,
  backend: 'editor',
  model: 'flux-kontext',
  n: 2,
};

describe('image-edit candidate source', () => {
  test('plans n candidates keyed by model, source hash, instruction and index, not the backend', async () => {
    const { input } = await setup();
    const source = createImageEditSource(config);
    assert.equal(source.resource, 'editor');
    assert.deepEqual(
      source.plan(input),
      [0, 1].map((index) => ({
        candidateId: String(index + 1),
        parts: {
          source: 'kontext',
          type: 'image-edit',
          inputId: 'in1',
          model: 'flux-kontext',
          sourceSha256: input.sourceSha256,
          instruction: 'make it red',
          index,
        },
      })),
    );
  });

  test('POSTs the source as multipart to /v1/images/edits and saves the reply under its sha256', async () => {
    const { input, ctx, sourceBytes } = await setup();
    const edited = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    reply = () => ({ status: 200, body: { created: 1, data: [{ b64_json: edited.toString('base64') }] } });
    seen.length = 0;
    const result = await createImageEditSource(config).run(input, '2', ctx);
    assert.equal(seen.length, 1);
    const request = seen[0]!;
    assert.equal(request.url, '/v1/images/edits');
    assert.equal(request.auth, 'Bearer sk-test');
    assert.deepEqual(request.fields, {
      model: 'flux-kontext',
      prompt: 'make it red',
      n: '1',
      response_format: 'b64_json',
    });
    assert.equal(request.image?.name, 'src.png');
    assert.equal(request.image?.type, 'image/png');
    assert.ok(request.image?.bytes.equals(sourceBytes));
    assert.deepEqual(result, {
      edited: join(ctx.workDir, 'candidates', `${sha256(edited)}.png`),
      sha256: sha256(edited),
      editor: 'kontext',
      candidateId: '2',
    });
    assert.ok((await readFile(result.edited)).equals(edited));
  });

  test("a server that refuses response_format (OpenAI's gpt-image models) is asked again without it, and from then on", async () => {
    const { input, ctx } = await setup();
    const edited = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const refusal = {
      error: {
        message: "Unknown parameter: 'response_format'.",
        type: 'invalid_request_error',
        param: 'response_format',
        code: 'unknown_parameter',
      },
    };
    reply = (request) =>
      'response_format' in request.fields
        ? { status: 400, body: refusal }
        : { status: 200, body: { data: [{ b64_json: edited.toString('base64') }] } };
    seen.length = 0;
    const source = createImageEditSource(config);
    const first = await source.run(input, '1', ctx);
    const second = await source.run(input, '2', ctx);
    assert.equal(first.sha256, sha256(edited));
    assert.equal(second.sha256, sha256(edited));
    assert.deepEqual(
      seen.map((request) => request.fields.response_format),
      ['b64_json', undefined, undefined],
    );
  });

  test('failures are BackendErrors: 503 and 429 retryable, 400 not, a non-image reply retryable', async () => {
    const { input, ctx } = await setup();
    const source = createImageEditSource(config);
    const cases: [number, unknown, boolean, RegExp][] = [
      [503, { error: { message: 'overloaded' } }, true, /HTTP 503/],
      [429, { error: { message: 'slow down' } }, true, /HTTP 429/],
      [400, { error: { message: 'bad model' } }, false, /HTTP 400/],
      [
        200,
        { data: [{ b64_json: Buffer.from('not an image').toString('base64') }] },
        true,
        /not PNG, JPEG or WebP/,
      ],
      [200, { data: [] }, true, /held no b64_json image/],
    ];
    for (const [status, body, retryable, message] of cases) {
      reply = () => ({ status, body });
      seen.length = 0;
      await assert.rejects(source.run(input, '1', ctx), (e: unknown) => {
        assert.ok(e instanceof BackendError, String(e));
        assert.equal(e.retryable, retryable, `${status}`);
        assert.match(e.message, message);
        return true;
      });
      assert.equal(seen.length, 1, `${status}: one request, no second try`);
    }
  });

  test('a server that is not there is a retryable BackendError', async () => {
    const { input, ctx } = await setup();
    const down = { editor: { ...ctx.backends.editor, baseURL: 'http://127.0.0.1:9/v1' } };
    await assert.rejects(
      createImageEditSource(config).run(input, '1', { ...ctx, backends: down }),
      (e: unknown) => {
        assert.ok(e instanceof BackendError && e.retryable && e.status === undefined);
        return true;
      },
    );
  });
});

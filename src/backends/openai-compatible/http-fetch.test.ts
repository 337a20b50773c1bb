import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHttpFetch } from './http-fetch.js';

type Handler = (req: IncomingMessage, body: Buffer, res: ServerResponse) => void;
let handler: Handler = (_req, _body, res) => res.end();
let baseURL = '';
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => handler(req, Buffer.concat(chunks), res));
});
before(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

describe('createHttpFetch', () => {
  it('sends the method, headers and byte body, and answers with status, every header value and the body', async () => {
    handler = (req, body, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('content-type', 'application/json');
      res.writeHead(201, 'Made');
      res.end(
        JSON.stringify({
          method: req.method,
          key: req.headers['x-key'],
          length: req.headers['content-length'],
          body: body.toString(),
        }),
      );
    };
    const bytes = Buffer.from('{"hello":"wörld"}');
    const res = await createHttpFetch()(`${baseURL}/v1/echo`, {
      method: 'POST',
      headers: { 'x-key': 'k1', 'content-length': String(bytes.length) },
      body: bytes,
    });
    assert.equal(res.status, 201);
    assert.equal(res.statusText, 'Made');
    assert.deepEqual(res.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual(await res.json(), {
      method: 'POST',
      key: 'k1',
      length: String(bytes.length),
      body: '{"hello":"wörld"}',
    });
  });

  it('a 204 answers with no body', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(204);
      res.end();
    };
    const res = await createHttpFetch()(`${baseURL}/empty`);
    assert.equal(res.status, 204);
    assert.equal(res.body, null);
  });

  it('refuses an answer over the limit, naming it, instead of buffering it', async () => {
    handler = (_req, _body, res) => res.end('x'.repeat(5000));
    await assert.rejects(
      createHttpFetch({ maxResponseBytes: 1000 })(`${baseURL}/big`),
      /answer from http:\/\/127\.0\.0\.1:\d+ is over 1000 bytes/,
    );
    const whole = await createHttpFetch({ maxResponseBytes: 5000 })(`${baseURL}/big`);
    assert.equal((await whole.text()).length, 5000);
  });

  it('an abort before or during the exchange rejects with an AbortError, as fetch does', async () => {
    handler = () => {}; // never answers
    const early = new AbortController();
    early.abort();
    await assert.rejects(createHttpFetch()(`${baseURL}/hang`, { signal: early.signal }), {
      name: 'AbortError',
    });
    const late = new AbortController();
    const pending = createHttpFetch()(`${baseURL}/hang`, { signal: late.signal });
    setTimeout(() => late.abort(), 20);
    await assert.rejects(pending, { name: 'AbortError' });
  });

  it('an answer cut short rejects, never resolving with part of a body', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 10);
    };
    await assert.rejects(createHttpFetch()(`${baseURL}/cut`), (error: Error) => error.name !== 'AbortError');
  });

  it('a refused connection rejects with the socket error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(createHttpFetch()(`http://127.0.0.1:${port}/`), { code: 'ECONNREFUSED' });
  });

  it('refuses a Request rather than send it without its method, headers and body', async () => {
    const request = new Request(`${baseURL}/x`, { method: 'POST', body: 'hello' });
    await assert.rejects(createHttpFetch()(request), /takes a URL and options, not a Request/);
  });

  it('says which bodies it sends when given a stream', async () => {
    const stream = new ReadableStream({ start: (c) => c.close() });
    await assert.rejects(
      createHttpFetch()(`${baseURL}/x`, { method: 'POST', body: stream }),
      /sends string and byte bodies only, got \[object ReadableStream\]/,
    );
  });
});

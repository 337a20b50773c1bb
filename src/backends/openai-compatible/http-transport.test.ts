import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHttpPost, postWithFetch } from './http-transport.js';

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

describe('createHttpPost', () => {
  const json = { 'content-type': 'application/json' };

  it('posts the bytes with the headers and content-length, and answers with status, body and every header value', async () => {
    handler = (req, body, res) => {
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.setHeader('content-type', 'application/json');
      res.writeHead(201, 'Made');
      res.end(
        JSON.stringify({
          method: req.method,
          key: req.headers['x-key'],
          length: req.headers['content-length'],
          chunked: req.headers['transfer-encoding'] ?? null,
          body: body.toString(),
        }),
      );
    };
    const pieces = [Buffer.from('{"hello":'), Buffer.from('"wörld"}')];
    const answer = await createHttpPost()(new URL(`${baseURL}/v1/echo`), pieces, {
      headers: { ...json, 'x-key': 'k1' },
    });
    assert.equal(answer.status, 201);
    assert.deepEqual(answer.headers.getSetCookie(), ['a=1', 'b=2']);
    assert.deepEqual(JSON.parse(answer.body.toString()), {
      method: 'POST',
      key: 'k1',
      length: String(Buffer.concat(pieces).length),
      chunked: null,
      body: '{"hello":"wörld"}',
    });
  });

  it('answers an error status as an answer, with its body and headers, not as a rejection', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(429, { 'retry-after': '3', 'content-type': 'application/json' });
      res.end('{"error":{"message":"slow down"}}');
    };
    const answer = await createHttpPost()(new URL(`${baseURL}/busy`), [Buffer.from('{}')], { headers: json });
    assert.equal(answer.status, 429);
    assert.equal(answer.headers.get('retry-after'), '3');
    assert.equal(answer.body.toString(), '{"error":{"message":"slow down"}}');
  });

  it('refuses an answer over the limit, naming it, instead of buffering it', async () => {
    handler = (_req, _body, res) => res.end('x'.repeat(5000));
    const url = new URL(`${baseURL}/big`);
    await assert.rejects(
      createHttpPost({ maxResponseBytes: 1000 })(url, [Buffer.from('{}')], { headers: json }),
      /answer from http:\/\/127\.0\.0\.1:\d+ is over 1000 bytes/,
    );
    const whole = await createHttpPost({ maxResponseBytes: 5000 })(url, [Buffer.from('{}')], {
      headers: json,
    });
    assert.equal(whole.body.length, 5000);
  });

  it('an abort before or during the exchange rejects with an AbortError, as fetch does', async () => {
    handler = () => {}; // never answers
    const url = new URL(`${baseURL}/hang`);
    const early = new AbortController();
    early.abort();
    await assert.rejects(
      createHttpPost()(url, [Buffer.from('{}')], { headers: json, signal: early.signal }),
      {
        name: 'AbortError',
      },
    );
    const late = new AbortController();
    const pending = createHttpPost()(url, [Buffer.from('{}')], { headers: json, signal: late.signal });
    setTimeout(() => late.abort(), 20);
    await assert.rejects(pending, { name: 'AbortError' });
  });

  it('an answer cut short rejects, never resolving with part of a body', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"partial":');
      setTimeout(() => res.destroy(), 10);
    };
    await assert.rejects(
      createHttpPost()(new URL(`${baseURL}/cut`), [Buffer.from('{}')], { headers: json }),
      (error: Error) =>
        error.name !== 'AbortError' && /aborted|closed before the whole answer/.test(error.message),
    );
  });

  it('a refused connection rejects with the socket error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(
      createHttpPost()(new URL(`http://127.0.0.1:${port}/`), [Buffer.from('{}')], { headers: json }),
      { code: 'ECONNREFUSED' },
    );
  });
});

describe('postWithFetch', () => {
  it('makes the same exchange through the given fetch: method, headers, bytes, and the answer whole', async () => {
    handler = (req, body, res) => {
      res.writeHead(503, { 'retry-after': '1' });
      res.end(`${req.method} ${req.headers['x-key']} ${body.toString()}`);
    };
    const seen: string[] = [];
    const post = postWithFetch((input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    });
    const answer = await post(new URL(`${baseURL}/via-fetch`), [Buffer.from('{"a":'), Buffer.from('1}')], {
      headers: { 'x-key': 'k2' },
    });
    assert.deepEqual(seen, [`${baseURL}/via-fetch`]);
    assert.equal(answer.status, 503);
    assert.equal(answer.headers.get('retry-after'), '1');
    assert.equal(answer.body.toString(), 'POST k2 {"a":1}');
  });
});

import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** A server's whole answer to one POST. */
export interface HttpAnswer {
  status: number;
  body: Buffer;
  /** Built when read: only a failed exchange needs them (retry-after, the SDK's error classes). */
  readonly headers: Headers;
}

export interface PostOptions {
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * POSTs a body given in pieces (sent one after another) and resolves with the whole answer, whatever
 * its status; rejects on a transport failure.
 */
export type HttpPost = (url: URL, body: readonly Uint8Array[], options: PostOptions) => Promise<HttpAnswer>;

export interface HttpPostOptions {
  /** The most bytes an answer may have; a longer one fails the attempt. Default 32 MiB. */
  maxResponseBytes?: number;
}

/** A chat completion is kilobytes: an answer this long is a broken server, not one to buffer. */
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const byteLengthOf = (pieces: readonly Uint8Array[]) =>
  pieces.reduce((length, piece) => length + piece.byteLength, 0);

const abortError = () => new DOMException('This operation was aborted', 'AbortError');

function answerOf(res: IncomingMessage, body: Buffer): HttpAnswer {
  let headers: Headers | undefined;
  return {
    status: res.statusCode ?? 0,
    body,
    get headers() {
      if (!headers) {
        headers = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
          headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
      }
      return headers;
    },
  };
}

/**
 * POST on node:http and node:https with keep-alive connections, for the backend's chat requests. A
 * reward service pays this on its one event loop for every edit it scores, so it is the least that
 * carries a request: Node's fetch, and the OpenAI SDK's client around any fetch, build a Request, a
 * Response, a stream of the answer and header objects each time (`npm run bench:transport` and
 * docs/BENCHMARKS.md give the CPU of each). The answer is read whole (and bounded) before it
 * resolves; no redirect is followed and no compression asked for. An abort rejects with an
 * AbortError, as fetch's does.
 */
export function createHttpPost(options: HttpPostOptions = {}): HttpPost {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Free sockets are unreferenced, so idle connections do not keep a finished process alive.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  return (url, body, { headers, signal }) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      if (signal?.aborted) return reject(abortError());
      const secure = url.protocol === 'https:';
      let settled = false;
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        reject(signal?.aborted ? abortError() : error);
      };
      const send = secure ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': String(byteLengthOf(body)) },
          agent: secure ? agents.https : agents.http,
          ...(signal ? { signal } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let length = 0;
          res.on('data', (chunk: Buffer) => {
            length += chunk.length;
            if (length > maxBytes) {
              req.destroy();
              fail(
                new Error(
                  `the answer from ${url.origin} is over ${maxBytes} bytes: not an OpenAI-compatible reply`,
                ),
              );
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', fail);
          res.on('end', () => {
            if (settled) return;
            settled = true;
            resolve(answerOf(res, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
          });
          // After 'end' or 'error' this does nothing; alone, the answer was cut short.
          res.on('close', () =>
            fail(new Error(`the connection to ${url.origin} closed before the whole answer arrived`)),
          );
        },
      );
      req.on('error', fail);
      for (const piece of body) req.write(piece);
      req.end();
    });
}

/** The same exchange through a fetch the caller gives (a proxy's, a test's). */
export function postWithFetch(fetchFn: typeof fetch): HttpPost {
  return async (url, body, { headers, signal }) => {
    const res = await fetchFn(url, {
      method: 'POST',
      headers,
      body: Buffer.concat(body),
      ...(signal ? { signal } : {}),
    });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()), headers: res.headers };
  };
}

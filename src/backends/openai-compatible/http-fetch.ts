import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export interface HttpFetchOptions {
  /** The most bytes an answer may have; a longer one fails the attempt. Default 32 MiB. */
  maxResponseBytes?: number;
}

/** A chat completion is kilobytes: an answer this long is a broken server, not one to buffer. */
const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;
/** Statuses whose answer has no body: the Response constructor refuses one. */
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const abortError = () => new DOMException('This operation was aborted', 'AbortError');

function headersOf(init: RequestInit | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  new Headers(init?.headers).forEach((value, name) => {
    headers[name] = value;
  });
  return headers;
}

function bodyOf(init: RequestInit | undefined): string | Uint8Array | undefined {
  const body = init?.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  throw new TypeError(
    `http fetch sends string and byte bodies only, got ${Object.prototype.toString.call(body)}`,
  );
}

function toResponse(res: IncomingMessage, chunks: Buffer[]): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2)
    headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  const status = res.statusCode ?? 0;
  const body = NULL_BODY_STATUSES.has(status) ? null : Buffer.concat(chunks);
  return new Response(body, { status, statusText: res.statusMessage ?? '', headers });
}

/**
 * A `fetch` for the OpenAI SDK on node:http and node:https, with keep-alive connections: Node's built-in
 * fetch takes 1.2-1.3x its CPU for a chat request with two images given the body as a stream, and more
 * given a buffer (`npm run bench:transport`), which a reward service pays on its one event loop for
 * every edit. It does what the backend's requests
 * need and no more: string and byte bodies, the whole answer read before it resolves (and bounded), no
 * redirects followed, no compression asked for. An abort rejects with an AbortError, as fetch does, so
 * the SDK reports timeouts and cancellations as it would.
 */
export function createHttpFetch(options: HttpFetchOptions = {}): typeof fetch {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  // Free sockets are unreferenced, so idle connections do not keep a finished process alive.
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

  const httpFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const signal = init?.signal ?? undefined;
      if (signal?.aborted) return reject(abortError());
      // A Request carries its own method, headers and body, which this fetch would not send.
      if (input instanceof Request) throw new TypeError('http fetch takes a URL and options, not a Request');
      const url = new URL(input);
      const secure = url.protocol === 'https:';
      const body = bodyOf(init);
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
          method: init?.method ?? 'GET',
          headers: headersOf(init),
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
            resolve(toResponse(res, chunks));
          });
          // After 'end' or 'error' this does nothing; alone, the answer was cut short.
          res.on('close', () =>
            fail(new Error(`the connection to ${url.origin} closed before the whole answer arrived`)),
          );
        },
      );
      req.on('error', fail);
      req.end(body);
    });
  return httpFetch as typeof fetch;
}

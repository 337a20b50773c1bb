import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { parseJsonBody } from '../core/index.js';
import { completionBody } from './completion-body.js';
import { FifoGate } from './fifo-gate.js';
import type {
  StandIn,
  StandInLogEntry,
  StandInOptions,
  StandInRequest,
  StandInRequestBody,
  StandInResponse,
} from './stand-in-types.js';

function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

function errorBody(message: string, type: string) {
  return { error: { message, type, code: null } };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Waits `ms`, or less when `left` aborts (the client went away, or the stand-in closed its connections). */
async function waitUnlessLeft(ms: number | undefined, left: AbortSignal): Promise<void> {
  if (ms) await delay(ms, undefined, { signal: left }).catch(() => {});
}

/** Ends only when `left` aborts: a request that is never answered. */
function untilLeft(left: AbortSignal): Promise<void> {
  return new Promise((resolve) =>
    left.aborted ? resolve() : left.addEventListener('abort', () => resolve(), { once: true }),
  );
}

/**
 * A local OpenAI-compatible server for tests and benchmarks: real HTTP on 127.0.0.1, scripted per
 * request. It implements POST /v1/chat/completions and GET /v1/models, enough for the openai SDK.
 */
export async function startStandIn(options: StandInOptions): Promise<StandIn> {
  const model = options.model ?? 'stand-in';
  const gate = new FifoGate(options.capacity ?? Number.POSITIVE_INFINITY);
  const requests: StandInLogEntry[] = [];
  let inFlight = 0;
  let inFlightMax = 0;
  let servingMax = 0;

  async function script(request: StandInRequest): Promise<StandInResponse> {
    if (typeof options.respond === 'function') return options.respond(request);
    const scripted = options.respond[request.index];
    if (scripted !== undefined) return scripted;
    return {
      error: 500,
      body: errorBody(
        `stand-in: request #${request.index + 1} has no scripted response (${options.respond.length} scripted)`,
        'stand_in_error',
      ),
    };
  }

  /** Carries out one scripted response; `left` aborts when the response closes. */
  async function perform(
    response: StandInResponse,
    request: StandInRequest,
    res: ServerResponse,
    left: AbortSignal,
  ): Promise<void> {
    if (typeof response === 'string') response = { reply: response };
    if ('hang' in response) return untilLeft(left);
    await waitUnlessLeft(response.delayMs, left);
    if (left.aborted) return;
    if ('destroy' in response) {
      res.socket?.destroy();
    } else if ('raw' in response) {
      const bytes = Buffer.from(response.raw);
      res.writeHead(response.status ?? 200, {
        'content-type': response.contentType ?? 'application/json',
        'content-length': bytes.length,
      });
      res.end(bytes);
    } else if ('error' in response) {
      const body = response.body ?? errorBody(`stand-in error ${response.error}`, 'stand_in_error');
      if (typeof body === 'string') {
        res.writeHead(response.error, { ...response.headers, 'content-type': 'text/plain' });
        res.end(body);
      } else {
        sendJson(res, response.error, body, response.headers);
      }
    } else {
      sendJson(res, 200, completionBody(response, request.body, request.index, model));
    }
  }

  async function chat(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrived = performance.now();
    inFlight++;
    inFlightMax = Math.max(inFlightMax, inFlight);
    // 'close' comes after the response is sent or when the connection drops, whichever is first.
    const left = new AbortController();
    res.once('close', () => {
      inFlight--;
      left.abort();
    });
    const raw = await readBody(req);
    let body: StandInRequestBody;
    try {
      body = parseJsonBody(raw) as StandInRequestBody;
    } catch {
      return sendJson(
        res,
        400,
        errorBody('stand-in: the request body is not valid JSON', 'invalid_request_error'),
      );
    }
    const request: StandInRequest = { body, index: requests.length, headers: req.headers };
    requests.push({
      index: request.index,
      bytes: raw.length,
      model: body.model,
      n: body.n,
      seed: body.seed,
      ...(options.recordBodies ? { body, headers: req.headers } : {}),
    });
    const waited = await gate.acquire();
    try {
      servingMax = Math.max(servingMax, gate.activeCount);
      // A fixed service time, as a server's latency is measured: from arrival (or from getting a slot,
      // when every slot was taken), with reading and parsing the body inside it rather than added to it.
      const serviceStart = waited ? performance.now() : arrived;
      if (options.delayMs) {
        await waitUnlessLeft(Math.max(0, options.delayMs - (performance.now() - serviceStart)), left.signal);
      }
      if (!left.signal.aborted) await perform(await script(request), request, res, left.signal);
    } finally {
      gate.release();
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'POST' && path === '/v1/chat/completions') return chat(req, res);
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: [{ id: model, object: 'model', created: 0, owned_by: 'stand-in' }],
      });
    }
    sendJson(res, 404, errorBody(`stand-in: no route for ${req.method} ${path}`, 'not_found'));
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      // A handler bug: say so in a 500 when the response is still open, so the test shows it.
      if (res.headersSent || res.destroyed) return void res.destroy();
      sendJson(res, 500, errorBody(`stand-in: ${String(error)}`, 'stand_in_error'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get inFlight() {
      return inFlight;
    },
    get inFlightMax() {
      return inFlightMax;
    },
    get servingMax() {
      return servingMax;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { restoreDataUrlSpans, spliceDataUrlBytes } from '../core/index.js';
import { createKeyCheck } from './api-keys.js';
import { answerClientError } from './client-error.js';
import { closingGate } from './closing-gate.js';
import { receiveLimit } from './receive-limit.js';
import { errorBody, HttpError, toHttpError } from './http-error.js';
import { createMetrics } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { resolveLimits, type RewardServerOptions } from './options.js';
import { parseBody } from './parse-body.js';
import { alwaysReady } from './readiness.js';
import { ClientGoneError, withRequestSignal } from './request-signal.js';
import { RequestTiming } from './request-timing.js';
import { createRewardCache } from './reward-cache.js';
import { createRewardService } from './reward-service.js';
import { DecomposeRequestSchema, isImagePosition, RewardsRequestSchema } from './schemas.js';
import type { InlineImages } from './resolve-image.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body's data URLs where images go, as bytes of the body (see resolve-image.ts). */
    inlineImages: InlineImages | null;
  }
}

/** Never logged: the client's key, and the VLM's should a proxy forward it. */
const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'];

/** Request logs carry sizes, never bodies (images) or headers (keys). */
function loggerOptions(logger: RewardServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const base = logger === true ? {} : logger;
  return {
    ...base,
    redact: { paths: REDACT, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string; headers: Record<string, unknown> }) => ({
        method: req.method,
        url: req.url,
        remoteAddress: req.ip,
        bytes: Number(req.headers['content-length'] ?? 0),
      }),
    },
  };
}

/**
 * Why a body is not JSON the server takes: fastify's parser says only that it is not, so the body is
 * parsed once more (on this path alone) for the reason and where it is.
 */
function jsonBodyError(error: Error & { code?: string }, body: Buffer): HttpError {
  if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY') {
    return new HttpError(400, 'bad_request', 'the body is empty; send the request as a JSON object');
  }
  try {
    JSON.parse(body.toString('utf8'));
  } catch (syntax) {
    return new HttpError(400, 'bad_request', `the body is not valid JSON: ${(syntax as Error).message}`);
  }
  return new HttpError(
    400,
    'bad_request',
    'the body has a "__proto__" or "constructor.prototype" key, which the server refuses; rename or drop it',
  );
}

/**
 * The reward service as a fastify instance that does not listen yet (tests drive it with inject()):
 * POST /v1/rewards and /v1/decompose behind the API keys, and /healthz, /readyz, /metrics and
 * /openapi.json open to probes and scrapers. Closing it closes the cache.
 */
export function createRewardApp(options: RewardServerOptions): FastifyInstance {
  const limits = resolveLimits(options.limits);
  const metrics = createMetrics();
  const cache = createRewardCache({
    ...(options.cacheFile === undefined ? {} : { file: options.cacheFile }),
    ...(options.cacheEntries === undefined ? {} : { entries: options.cacheEntries }),
  });
  const service = createRewardService({
    judge: options.judge,
    decomposer: options.decomposer,
    judgeFingerprint: options.judgeFingerprint,
    allowHosts: options.allowHosts ?? [],
    limits,
    cache,
    metrics,
  });
  const keys = options.keys ?? [];
  const authorized = createKeyCheck(keys);
  const ready = options.ready ?? alwaysReady;
  const openapi = openApiDocument();

  // Requests that arrive while closing get our own 503 (JSON error, retry-after) from the hook below,
  // not fastify's built-in one, so a trainer's client retries them like any busy answer.
  const app = Fastify({
    bodyLimit: limits.bodyBytes,
    logger: loggerOptions(options.logger),
    return503OnClosing: false,
    ...receiveLimit(limits.receiveMs),
    clientErrorHandler: (error, socket) =>
      answerClientError(error, socket, (type) => metrics.errors.inc({ type })),
  });

  const closing = closingGate(app);

  // A rewards body is mostly base64 (a GRPO group is over a megabyte): its long data URLs are cut out
  // of the text (spliceDataUrlBytes), fastify's own JSON parser (with its prototype-poisoning checks)
  // reads the rest, and the URLs where images go stay bytes of the body, read by the image loader
  // (request.inlineImages): the body's base64 never becomes strings on the JS heap.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.decorateRequest('inlineImages', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const spliced = spliceDataUrlBytes(body as Buffer);
    parseJson(request, spliced.text, (error, value) => {
      if (error) return done(jsonBodyError(error, body as Buffer));
      try {
        request.inlineImages = restoreDataUrlSpans(value, spliced, isImagePosition);
      } catch (invalid) {
        return done(
          new HttpError(400, 'bad_request', `the body is not valid JSON: ${(invalid as Error).message}`),
        );
      }
      done(null, value);
    });
  });

  app.setErrorHandler((error, request, reply) => {
    let http = toHttpError(error);
    const code = (error as { code?: unknown }).code;
    // The request's connection broke while its body was read: the client left, or its framing was bad
    // and the connection was closed (answerClientError answered that). There is no one to answer.
    if (code === 'ECONNRESET') http = new ClientGoneError();
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      const sent = request.headers['content-type'];
      http = new HttpError(
        415,
        'unsupported_media_type',
        `the body must be JSON: send it with content-type: application/json (${sent ? `it came as ${sent}` : 'it came with no content-type'})`,
      );
    }
    if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      http = new HttpError(
        413,
        'payload_too_large',
        `the body is over the server's limit of ${limits.bodyBytes} bytes; split the request or send smaller images`,
      );
    }
    metrics.errors.inc({ type: http.type });
    if (http.status >= 500) request.log.error({ err: error }, http.message);
    else if (!(error instanceof ClientGoneError)) request.log.info({ type: http.type }, http.message);
    return reply.code(http.status).headers(http.headers).send(errorBody(http));
  });
  app.setNotFoundHandler((request, reply) => {
    metrics.errors.inc({ type: 'not_found' });
    return reply
      .code(404)
      .send(errorBody(new HttpError(404, 'not_found', `no route for ${request.method} ${request.url}`)));
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.requestSeconds.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onClose', async () => cache.close());

  // The API's routes and their guards in one scope: the hooks run for what the router matched,
  // whatever form the request's target took (`/%761/rewards` is routed to /v1/rewards too).
  app.register(
    async (api) => {
      api.addHook('onRequest', async (request) => {
        if (closing()) {
          throw new HttpError(
            503,
            'unavailable',
            'the server is shutting down; retry on another instance or after it restarts',
            { 'retry-after': '1' },
          );
        }
        if (keys.length > 0 && !authorized(request.headers.authorization)) {
          throw new HttpError(
            401,
            'unauthorized',
            'missing or wrong API key; send authorization: Bearer <key>',
            { 'www-authenticate': 'Bearer' },
          );
        }
        // A compressed body would otherwise reach the JSON parser as it is and be called "not JSON".
        const encoding = request.headers['content-encoding'];
        if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
          throw new HttpError(
            415,
            'unsupported_media_type',
            `the server reads bodies uncompressed; send this one without content-encoding: ${encoding}`,
          );
        }
      });
      api.post('/rewards', (request, reply) =>
        withRequestSignal(reply, limits.deadlineMs, (signal) => {
          const body = parseBody(RewardsRequestSchema, request.body);
          // The service holds the images it loaded; the body's own bytes (over a megabyte for a GRPO group)
          // are let go once it has read them.
          const inline = request.inlineImages ?? undefined;
          request.body = undefined;
          request.inlineImages = null;
          const timing = new RequestTiming();
          return service.rewards(body, signal, timing, inline).then((response) => {
            reply.header('server-timing', timing.header(reply.elapsedTime));
            return response;
          });
        }),
      );
      api.post('/decompose', (request, reply) =>
        withRequestSignal(reply, limits.deadlineMs, (signal) =>
          service.decompose(
            parseBody(DecomposeRequestSchema, request.body),
            signal,
            request.inlineImages ?? undefined,
          ),
        ),
      );
    },
    { prefix: '/v1' },
  );
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (request) => {
    if (closing()) throw new HttpError(503, 'unavailable', 'the server is shutting down');
    const state = await ready(AbortSignal.timeout(5000));
    if (!state.ready) {
      request.log.warn({ detail: state.detail }, state.reason);
      throw new HttpError(503, 'backend_error', state.reason);
    }
    return { status: 'ready' };
  });
  app.get('/metrics', async (_request, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get('/openapi.json', async () => openapi);
  return app;
}

import { readFile } from 'node:fs/promises';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { z } from 'zod';
import { LabelBodySchema, UndoBodySchema } from './api-schemas.js';
import { realImagePath } from './dataset-path.js';
import {
  answerClientError,
  closingGate,
  errorBody,
  HttpError,
  receiveLimit,
  toHttpError,
} from '../server/index.js';
import { imageContentType } from './image-types.js';
import type { AddLabelResult } from './label-store.js';
import type { AnnotateSession } from './open-session.js';
import { DEFAULT_PAGE_DIR, readPageFile } from './page-files.js';
import { bearerToken, createTokenCheck } from './tokens.js';

export interface AnnotateAppOptions {
  session: AnnotateSession;
  /** Requests allowed per annotator (per address before sign-in) in each window. Default 600 a minute. */
  rateLimit?: { max: number; timeWindowMs: number };
  /** fastify's pino logger: false (default), true, or pino options. Tokens never reach it. */
  logger?: boolean | FastifyServerOptions['logger'];
  /** Folder holding the page (index.html and its files). Default src/annotate/page/. */
  pageDir?: string;
  /** Clock for label times (tests inject one). */
  now?: () => Date;
  /** Time to receive a whole request; past it, a 408 and the connection closes. Default 30 s. */
  receiveMs?: number;
}

const BODY_LIMIT = 16 * 1024;

/** Request logs carry method, path and size; never headers (the token) or bodies. */
function loggerOptions(logger: AnnotateAppOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  return {
    ...(logger === true ? {} : logger),
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
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

function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.') || '(body)';
  throw new HttpError(400, 'bad_request', `${field}: ${issue.message}`);
}

/** The refusals of POST /api/labels, as the page sees them. */
const LABEL_REFUSALS: Partial<Record<AddLabelResult, HttpError>> = {
  'not-assigned': new HttpError(
    404,
    'not_found',
    'that pair is not one of yours; ask /api/next for your next pair',
  ),
  'already-labelled': new HttpError(
    409,
    'conflict',
    'you already labelled that pair; POST /api/undo first to change the label',
  ),
  'submission-reused': new HttpError(
    409,
    'conflict',
    'that submissionId was used for another label (another pair or choice); send a new one for each label',
  ),
  'submission-undone': new HttpError(
    409,
    'conflict',
    'that label was undone since it was sent; send the label again with a new submissionId',
  ),
};

/** The image ids each annotator may fetch: those of the pairs assigned to them, and no others. */
function imagesByAnnotator(session: AnnotateSession): Map<string, Set<string>> {
  const pairs = new Map(session.store.pairs().map((pair) => [pair.id, pair]));
  const allowed = new Map<string, Set<string>>();
  for (const { pairId, annotator } of session.store.assignments()) {
    const pair = pairs.get(pairId)!;
    const ids = allowed.get(annotator) ?? new Set<string>();
    for (const rel of [pair.source, pair.a, pair.b]) ids.add(session.imageId(rel));
    allowed.set(annotator, ids);
  }
  return allowed;
}

/**
 * The annotation app as a fastify instance that does not listen yet (tests use inject() or listen on
 * port 0). The page at `/` and `/page/<file>` is open; everything under /api/ and /images/ needs an
 * annotator's bearer token, and each annotator sees and changes only their own assignments and labels.
 * Closing the app closes the session's database.
 */
export function createAnnotateApp(options: AnnotateAppOptions): FastifyInstance {
  const { session } = options;
  const { store } = session;
  const now = options.now ?? (() => new Date());
  const pageDir = options.pageDir ?? DEFAULT_PAGE_DIR;
  const receiveMs = options.receiveMs ?? 30_000;
  const tokenOwner = createTokenCheck(store.annotators());
  const annotatorOf = new WeakMap<FastifyRequest, string>();
  const imagesOf = imagesByAnnotator(session);
  // Parser refusals and requests that arrive while closing get the API's JSON errors, not fastify's.
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: loggerOptions(options.logger),
    return503OnClosing: false,
    // A label is a few hundred bytes: a request still arriving after receiveMs is stalled, not slow.
    ...receiveLimit(receiveMs),
    clientErrorHandler: (error, socket) => answerClientError(error, socket),
  });
  const closing = closingGate(app);
  app.addHook('onRequest', async () => {
    if (closing()) {
      throw new HttpError(
        503,
        'unavailable',
        'the annotation server is shutting down, and this request was not handled; send it again once it is back',
        { 'retry-after': '1' },
      );
    }
  });

  // JSON only: without a text/plain parser a cross-site form post is refused before any handler runs.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => {
    const http = toHttpError(error);
    if (http.status >= 500) request.log.error({ err: error }, http.message);
    return reply.code(http.status).headers(http.headers).send(errorBody(http));
  });
  app.addHook('onClose', async () => session.close());

  app.register(helmet, {
    // The page's own files and images it made into blob: URLs; nothing else, no inline code.
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ['blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    // Served over plain HTTP on a local network: HSTS would lock browsers out of it.
    strictTransportSecurity: false,
  });
  app
    .register(rateLimit, {
      max: options.rateLimit?.max ?? 600,
      timeWindow: options.rateLimit?.timeWindowMs ?? 60_000,
      keyGenerator: (request) => annotatorOf.get(request) ?? `address:${request.ip}`,
      errorResponseBuilder: (_request, context) =>
        new HttpError(429, 'rate_limited', `too many requests; retry in ${context.after}`),
    })
    // Unknown routes count too: probing for them is load like any other.
    .after(() =>
      app.setNotFoundHandler({ preHandler: app.rateLimit() }, (request, reply) =>
        reply
          .code(404)
          .send(errorBody(new HttpError(404, 'not_found', `no route for ${request.method} ${request.url}`))),
      ),
    );

  app.register(async (page) => {
    const sendPage = async (name: string) => {
      const file = await readPageFile(pageDir, name);
      if (!file) throw new HttpError(404, 'not_found', `the page has no file ${name}`);
      return file;
    };
    page.get('/', async (_request, reply) => {
      const file = await sendPage('index.html');
      return reply.type(file.type).header('cache-control', 'no-cache').send(file.body);
    });
    page.get<{ Params: { file: string } }>('/page/:file', async (request, reply) => {
      const file = await sendPage(request.params.file);
      return reply.type(file.type).header('cache-control', 'no-cache').send(file.body);
    });
  });

  // Every route in this context, however its URL is spelled, passes the token check first. A request
  // is counted against its annotator's rate, or its address's when its token is no one's, before it
  // can be refused: so guessing tokens is rate-limited too.
  app.register(async (api) => {
    api.addHook('onRequest', async (request) => {
      const annotator = tokenOwner(bearerToken(request.headers.authorization));
      if (annotator !== undefined) annotatorOf.set(request, annotator);
    });
    api.addHook('onRequest', api.rateLimit());
    api.addHook('onRequest', async (request) => {
      if (!annotatorOf.has(request)) {
        throw new HttpError(
          401,
          'unauthorized',
          'missing or wrong token; sign in with the link printed at start',
          {
            'www-authenticate': 'Bearer',
          },
        );
      }
    });
    api.addHook('onSend', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
    });
    const who = (request: FastifyRequest) => annotatorOf.get(request)!;

    api.get('/api/me', async (request) => ({
      annotator: who(request),
      mode: session.mode,
      ...store.progress(who(request)),
    }));
    api.get('/api/next', async (request) => {
      const annotator = who(request);
      const { labelled, total } = store.progress(annotator);
      const next = store.next(annotator);
      if (!next) return { done: true, total, labelled };
      const url = (rel: string) => `/images/${session.imageId(rel)}`;
      const { pair, left } = next;
      return {
        done: false,
        index: labelled + 1,
        total,
        pair: {
          id: pair.id,
          instruction: pair.instruction,
          category: pair.category,
          source: url(pair.source),
          left: url(left === 'a' ? pair.a : pair.b),
          right: url(left === 'a' ? pair.b : pair.a),
        },
      };
    });
    api.post('/api/labels', async (request) => {
      const annotator = who(request);
      const body = parseBody(LabelBodySchema, request.body);
      const result = store.addLabel({ ...body, annotator, at: now().toISOString() });
      const refusal = LABEL_REFUSALS[result];
      if (refusal) throw refusal;
      return store.progress(annotator);
    });
    api.post('/api/undo', async (request) => {
      parseBody(UndoBodySchema, request.body);
      const annotator = who(request);
      const undone = store.undo(annotator, now().toISOString());
      return { undone, ...store.progress(annotator) };
    });
    api.get<{ Params: { id: string } }>('/images/:id', async (request, reply) => {
      const id = request.params.id;
      const rel = imagesOf.get(who(request))?.has(id) === true ? session.images.get(id) : undefined;
      const real = rel === undefined ? undefined : realImagePath(session.datasetDir, rel);
      if (rel === undefined || real === undefined) throw new HttpError(404, 'not_found', 'no such image');
      let bytes: Buffer;
      try {
        bytes = await readFile(real);
      } catch (error) {
        // The dataset changed under the server (a file removed, or replaced by a folder).
        request.log.error({ err: error, file: rel }, 'could not read a dataset image');
        const code = (error as { code?: unknown }).code;
        throw new HttpError(
          500,
          'dataset_error',
          `the server could not read this image from its dataset${typeof code === 'string' ? ` (${code})` : ''}; tell whoever runs it to check the dataset folder`,
        );
      }
      return reply.type(imageContentType(rel)!).send(bytes);
    });
  });
  return app;
}

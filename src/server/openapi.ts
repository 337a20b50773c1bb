import { z } from 'zod';
import { VERSION } from '../version.js';
import {
  DecomposeRequestSchema,
  DecomposeResponseSchema,
  ErrorBodySchema,
  RewardsRequestSchema,
  RewardsResponseSchema,
} from './schemas.js';

/** A component schema: JSON Schema 2020-12 without its `$schema` line (the document's dialect covers it). */
function json(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const generated: Record<string, unknown> = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  delete generated.$schema;
  return generated;
}

const errors = (statuses: readonly number[]) =>
  Object.fromEntries(statuses.map((status) => [String(status), { $ref: '#/components/responses/Error' }]));

/** The rewards answer's Server-Timing header (see request-timing.ts). */
const SERVER_TIMING = {
  'server-timing': {
    description:
      'ms spent on the images, the longest wait for a judge slot, the longest judge call and the whole request, e.g. `images;dur=2.1, queue;dur=0.0, judge;dur=211.3, total;dur=219.0`',
    schema: { type: 'string' },
  },
};

function post(
  summary: string,
  request: string,
  response: string,
  statuses: readonly number[],
  headers?: Record<string, { description: string; schema: { type: string } }>,
) {
  return {
    post: {
      summary,
      security: [{ bearer: [] }, {}],
      requestBody: {
        required: true,
        content: { 'application/json': { schema: { $ref: `#/components/schemas/${request}` } } },
      },
      responses: {
        '200': {
          description: 'OK',
          ...(headers ? { headers } : {}),
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${response}` } } },
        },
        ...errors(statuses),
      },
    },
  };
}

const plain = (summary: string, description: string) => ({
  get: { summary, responses: { '200': { description } } },
});

/** OpenAPI 3.1 (whose schemas are JSON Schema 2020-12), generated from the zod schemas the routes validate with. */
export function openApiDocument(): Record<string, unknown> {
  const common = [400, 401, 413, 429, 502, 503, 504];
  return {
    openapi: '3.1.0',
    info: {
      title: 'edit-r1 reward service',
      version: VERSION,
      description:
        'The Edit-R1 reasoning reward model over HTTP. Images are data URLs, base64, or http(s) URLs from allowed hosts. reward = finalScore / 10.',
    },
    paths: {
      '/v1/rewards': post(
        'Score groups of edits',
        'RewardsRequest',
        'RewardsResponse',
        common,
        SERVER_TIMING,
      ),
      '/v1/decompose': post(
        'Principles of a (source, instruction)',
        'DecomposeRequest',
        'DecomposeResponse',
        common,
      ),
      '/healthz': plain('The process is alive', 'alive'),
      '/readyz': {
        get: {
          summary: 'The judge backend is reachable',
          responses: { '200': { description: 'ready' }, '503': { $ref: '#/components/responses/Error' } },
        },
      },
      '/metrics': plain('Prometheus metrics', 'text exposition format'),
      '/openapi.json': plain('This document', 'OpenAPI 3.1'),
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      responses: {
        Error: {
          description: 'An error, with a type to branch on and a message for people; never a stack trace',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } },
        },
      },
      schemas: {
        RewardsRequest: json(RewardsRequestSchema, 'input'),
        RewardsResponse: json(RewardsResponseSchema, 'output'),
        DecomposeRequest: json(DecomposeRequestSchema, 'input'),
        DecomposeResponse: json(DecomposeResponseSchema, 'output'),
        ErrorBody: json(ErrorBodySchema, 'output'),
      },
    },
  };
}

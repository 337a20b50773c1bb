import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify options that give a request `ms` to arrive whole (headers and body), past which Node answers
 * it through the clientErrorHandler (408) and closes its connection. Node looks for requests past their
 * time every connectionsCheckingInterval (30 s unless told), so the interval follows the limit; its
 * headers-only limit may not be the longer of the two. Handling the request is not timed by it.
 */
export function receiveLimit(ms: number): Pick<FastifyServerOptions, 'requestTimeout'> & {
  http: { connectionsCheckingInterval: number; headersTimeout: number };
} {
  return {
    requestTimeout: ms,
    http: {
      connectionsCheckingInterval: Math.min(1000, Math.max(10, Math.floor(ms / 4))),
      headersTimeout: Math.min(60_000, ms),
    },
  };
}

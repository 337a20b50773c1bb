import type { FastifyInstance } from 'fastify';

/**
 * Whether the app has begun to close, for routes that refuse new work then with the API's own 503
 * (JSON, retry-after) instead of fastify's built-in one: create the app with `return503OnClosing:
 * false`. A response sent while closing ends its keep-alive connection, or close() would wait for the
 * connection's idle timeout.
 */
export function closingGate(app: FastifyInstance): () => boolean {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply) => {
    if (closing) reply.header('connection', 'close');
  });
  return () => closing;
}

import type { FastifyInstance } from 'fastify';
import { createAnnotateApp, type AnnotateAppOptions } from './create-annotate-app.js';
import { openAnnotateSession, type AnnotateSession, type AnnotateSessionOptions } from './open-session.js';

export interface AnnotateServerOptions extends AnnotateSessionOptions, Omit<AnnotateAppOptions, 'session'> {
  /** Default 127.0.0.1: only this machine can reach the page unless another host is named. */
  host?: string;
  /** 0 = any free port (the default). */
  port?: number;
}

export interface RunningAnnotateServer {
  /** e.g. http://127.0.0.1:8090 */
  url: string;
  app: FastifyInstance;
  session: AnnotateSession;
  /** Sign-in links (`<url>/#token=...`) for the annotators whose tokens this start made. */
  links: Map<string, string>;
  close(): Promise<void>;
}

/** Opens the labels database, starts the app, and resolves once it listens. */
export async function startAnnotateServer(options: AnnotateServerOptions): Promise<RunningAnnotateServer> {
  const session = await openAnnotateSession(options);
  let app: FastifyInstance;
  try {
    app = createAnnotateApp({ ...options, session });
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  } catch (error) {
    session.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  const host = options.host ?? '127.0.0.1';
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  // The token rides in the fragment: browsers never send it to the server in a URL, so no log holds it.
  const links = new Map([...session.issuedTokens].map(([name, token]) => [name, `${url}/#token=${token}`]));
  return { url, app, session, links, close: () => app.close() };
}

import { setMaxListeners } from 'node:events';
import type { FastifyReply } from 'fastify';
import { HttpError } from './http-error.js';

/** The reason a request's work is cancelled when its client has gone (there is no one to answer). */
export class ClientGoneError extends HttpError {
  constructor() {
    super(499, 'cancelled', 'the client closed the connection before the answer');
  }
}

/**
 * Runs a request's work under one signal that aborts at the deadline (504) or when the client
 * disconnects, and answers as soon as it does, even if some judge call ignores the signal. When the
 * work ends any other way (an error in one edit), what is left of it is cancelled too.
 */
export async function withRequestSignal<T>(
  reply: FastifyReply,
  deadlineMs: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  // Every edit of the request waiting in the queue listens to this one signal: a GRPO group is 16-24.
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(
    () =>
      controller.abort(
        new HttpError(
          504,
          'deadline_exceeded',
          `no answer within the server's deadline of ${deadlineMs} ms; send fewer edits per request or retry later`,
        ),
      ),
    deadlineMs,
  );
  const onClose = () => {
    if (!reply.raw.writableFinished) controller.abort(new ClientGoneError());
  };
  reply.raw.once('close', onClose);
  const { signal } = controller;
  let answered = false;
  try {
    const result = await new Promise<T>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      work(signal).then(resolve, reject);
    });
    answered = true;
    return result;
  } finally {
    clearTimeout(timer);
    reply.raw.off('close', onClose);
    // Work that succeeded has nothing left running. Aborting it anyway would wake every listener its
    // edits left on the signal, a few for each, before the answer goes out.
    if (!answered && !signal.aborted) {
      controller.abort(new HttpError(499, 'cancelled', 'the request has ended'));
    }
  }
}

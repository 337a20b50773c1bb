import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody, HttpError } from './http-error.js';

/** Node's parser errors, by code, as the status and words a client can act on. */
function refusalFor(code: string | undefined, reason: string | undefined): HttpError {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT')
    return new HttpError(408, 'timeout', 'the request was not received in time; send it again');
  if (code === 'HPE_HEADER_OVERFLOW')
    return new HttpError(
      431,
      'bad_request',
      "the request's headers are too large; send fewer or shorter headers",
    );
  return new HttpError(
    400,
    'bad_request',
    `the request is not valid HTTP/1.1${reason ? ` (${reason})` : ''}; check its content-length and transfer-encoding headers (send one of them, once) and its chunk framing`,
  );
}

/**
 * Answers a request that Node's HTTP parser refused before any route saw it (content-length with
 * transfer-encoding, two content-lengths, a malformed chunk): the API's JSON error rather than
 * fastify's own shape, and then the connection closes, since nothing after the fault can be framed.
 */
export function answerClientError(
  error: Error & { code?: string; reason?: string },
  socket: Socket,
  count: (type: string) => void = () => {},
): void {
  // A reset connection is gone: there is no one to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal = refusalFor(error.code, error.reason);
  count(refusal.type);
  if (socket.writable) {
    const body = JSON.stringify(errorBody(refusal));
    socket.write(
      `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status]}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
        `connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

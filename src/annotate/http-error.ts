/** An error with the HTTP status and the `error.type` the page sees; its message is safe to send. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** fastify's own refusals (bad JSON, wrong content type, body too large) carry a 4xx statusCode. */
const TYPES: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Any thrown value to a status and a message; anything unexpected is a 500 whose detail stays in the log. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, TYPES[status] ?? 'bad_request', (error as Error).message);
  }
  return new HttpError(500, 'internal', 'internal error; the server log has the details');
}

export function errorBody(error: HttpError): { error: { type: string; message: string } } {
  return { error: { type: error.type, message: error.message } };
}

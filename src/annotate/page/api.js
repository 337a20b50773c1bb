// The page's only way to the server: every request carries the bearer token, and every failure
// becomes an ApiError whose message can be shown to the annotator as it is.

/** A failed request: `status` 0 means the server could not be reached at all. */
export class ApiError extends Error {
  constructor(message, status, type) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.type = type;
  }
}

/** The client for the annotation API; `getToken` is read on every call, so signing in again takes effect at once. */
export function createApi(getToken) {
  async function request(method, path, body) {
    const headers = { authorization: `Bearer ${getToken() ?? ''}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (cause) {
      throw new ApiError(
        `could not reach the server (${cause instanceof Error ? cause.message : String(cause)}); check that it is still running, then try again`,
        0,
        'network',
      );
    }
    if (!response.ok) throw await errorFrom(response, `${method} ${path}`);
    return response;
  }

  async function json(method, path, body) {
    const response = await request(method, path, body);
    try {
      return await response.json();
    } catch {
      throw new ApiError(
        `${method} ${path} answered with something that is not JSON`,
        response.status,
        'bad_response',
      );
    }
  }

  return {
    me: () => json('GET', '/api/me'),
    next: () => json('GET', '/api/next'),
    label: (label) => json('POST', '/api/labels', label),
    // An empty JSON object: the server takes JSON bodies only, and an empty body is not JSON.
    undo: () => json('POST', '/api/undo', {}),
    async image(url) {
      // The token goes only to this server's image route, whatever address a response names.
      if (typeof url !== 'string' || !url.startsWith('/images/')) {
        throw new ApiError(`the server named an image outside /images/ (${String(url)})`, 0, 'bad_response');
      }
      return (await request('GET', url)).blob();
    },
  };
}

async function errorFrom(response, what) {
  let message = response.statusText || 'request failed';
  let type = 'http';
  try {
    const body = await response.json();
    if (body && typeof body.error === 'object' && body.error !== null) {
      if (typeof body.error.message === 'string') message = body.error.message;
      if (typeof body.error.type === 'string') type = body.error.type;
    }
  } catch {
    // Not JSON (a proxy's page, say): the status line is all there is to show.
  }
  return new ApiError(`${what} failed (${response.status}): ${message}`, response.status, type);
}

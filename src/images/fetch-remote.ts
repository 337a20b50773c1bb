import { ImageTooLargeError, InvalidImageError } from '../core/index.js';
import type { ImageLimits } from './types.js';

const tooLarge = (url: string, what: string, maxBytes: number) =>
  new ImageTooLargeError(
    `${url} is ${what}, over the ${maxBytes}-byte limit; send a smaller image or raise maxBytes`,
    url,
  );

/**
 * Downloads an http(s) image with the injected fetch, giving up after remoteTimeoutMs and as soon as
 * the body passes maxBytes (a server that lies about or omits Content-Length cannot make us buffer more).
 */
export async function fetchRemote(url: string, limits: ImageLimits): Promise<Buffer> {
  // A timer we own rather than AbortSignal.timeout, whose timer is unref'd: with an injected fetch
  // that holds no socket, nothing else would keep the process alive until the deadline.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.remoteTimeoutMs);
  try {
    return await download(url, limits, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}

async function download(url: string, limits: ImageLimits, signal: AbortSignal): Promise<Buffer> {
  const doFetch = limits.fetch ?? fetch;
  const failed = (error: unknown) =>
    signal.aborted
      ? new InvalidImageError(
          `fetching ${url} timed out after ${limits.remoteTimeoutMs} ms; check the URL or raise remoteTimeoutMs`,
          url,
          { cause: error },
        )
      : new InvalidImageError(
          `could not fetch ${url}: ${error instanceof Error ? error.message : String(error)}; check the URL and the network`,
          url,
          { cause: error },
        );

  let response: Response;
  try {
    response = await doFetch(url, { signal, redirect: 'follow' });
  } catch (error) {
    // A fetch that refused the URL itself (an allow-list's) has said what to do already.
    if (error instanceof InvalidImageError) throw error;
    throw failed(error);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new InvalidImageError(`fetching ${url} failed with HTTP ${response.status}; check the URL`, url);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(url, `${declared} bytes (Content-Length)`, limits.maxBytes);
  }
  if (!response.body) return Buffer.alloc(0);

  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limits.maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(url, `more than ${limits.maxBytes} bytes`, limits.maxBytes);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof InvalidImageError) throw error;
    throw failed(error);
  }
  return Buffer.concat(chunks, total);
}

import { InvalidImageError } from '../core/index.js';

const MAX_REDIRECTS = 5;

export function hostOf(url: string): string {
  return new URL(url).hostname.toLowerCase();
}

/**
 * A fetch that follows redirects itself, each only to an allowed host: an allowed CDN cannot bounce
 * the server to an internal address (the classic SSRF through a redirect).
 */
export function allowListFetch(allowHosts: ReadonlySet<string>, base: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    let url = String(input instanceof Request ? input.url : input);
    for (let hop = 0; ; hop++) {
      const response = await base(url, { ...init, redirect: 'manual' });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return response;
      await response.body?.cancel().catch(() => undefined);
      url = new URL(location, url).toString();
      if (!/^https?:/i.test(url) || !allowHosts.has(hostOf(url))) {
        throw new InvalidImageError(
          `the image redirected to ${url}, whose host is not on the allow-list; add the host with --allow-hosts or send the image inline as a data URL`,
          url,
        );
      }
      if (hop >= MAX_REDIRECTS) {
        throw new InvalidImageError(
          `the image at ${url} redirected more than ${MAX_REDIRECTS} times; send its final URL or the image inline as a data URL`,
          url,
        );
      }
    }
  };
}

import { rootCause } from '../core/index.js';

/**
 * What /readyz reports: ready, or not with the reason (sent to the prober, so it names no address) and
 * the detail (for the server's log).
 */
export type Readiness = { ready: true } | { ready: false; reason: string; detail?: string };
export type ReadinessProbe = (signal: AbortSignal) => Promise<Readiness>;

/** The embedded judge has no backend to reach. */
export const alwaysReady: ReadinessProbe = () => Promise.resolve({ ready: true });

/**
 * A cheap probe of an OpenAI-compatible server: GET {baseURL}/models, which every such server (vLLM,
 * SGLang, Ollama, llama.cpp, OpenAI) answers without running the model. The key goes in a header and
 * never into the reason.
 */
export function openAIModelsProbe(options: {
  baseURL: string;
  apiKey?: string | undefined;
  timeoutMs?: number;
  fetch?: typeof fetch;
}): ReadinessProbe {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.baseURL.replace(/\/+$/, '')}/models`;
  return async (signal) => {
    try {
      const response = await doFetch(url, {
        headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
        signal: AbortSignal.any([signal, AbortSignal.timeout(options.timeoutMs ?? 2000)]),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.ok) return { ready: true };
      return {
        ready: false,
        reason: `the VLM backend answered GET /models with HTTP ${response.status}`,
        detail: `GET ${url}: HTTP ${response.status}`,
      };
    } catch (error) {
      return {
        ready: false,
        reason: 'the VLM backend is unreachable',
        detail: `GET ${url}: ${rootCause(error)}`,
      };
    }
  };
}

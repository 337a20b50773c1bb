/** What /readyz reports: ready, or not with the reason (sent to the prober). */
export type Readiness = { ready: true } | { ready: false; reason: string };
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
      return response.ok
        ? { ready: true }
        : { ready: false, reason: `the backend answered GET ${url} with HTTP ${response.status}` };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      return { ready: false, reason: `the backend at ${url} is unreachable: ${why}` };
    }
  };
}

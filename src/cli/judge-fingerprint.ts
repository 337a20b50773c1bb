import type { JudgeConfig } from '../create-judge.js';
import { VERSION } from '../version.js';

/**
 * The settings that change what a judge says, as one string for the verdict cache's key: this
 * release of edit-r1 (its prompts and embedded judge), the model, sampling and prompt settings. Left out: the API key, and what only changes how requests are made
 * (the server's address, timeouts, retries, concurrency, image limits): the same model behind another
 * address or port gives the same verdicts, so a moved server keeps its cache.
 */
export function judgeFingerprint(config: JudgeConfig): string {
  const { backend, model, temperature, sampleTemperature, maxTokens, logprobs, maxSide, decomposer, seed } =
    config;
  return JSON.stringify({
    version: VERSION,
    backend,
    model,
    temperature,
    sampleTemperature,
    maxTokens,
    logprobs,
    maxSide,
    decomposer,
    seed,
  });
}

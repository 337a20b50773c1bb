import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import OpenAI, { APIConnectionTimeoutError, APIError, toFile } from 'openai';
import { isRetryableStatus, refusedParameter } from '../../backends/index.js';
import { BackendError, UsageError } from '../../core/index.js';
import { apiKeyOf, type CandidateSourceConfig, type OpenAIBackendConfig } from '../config/index.js';
import { saveCandidateImage, imageExtension } from './save-image.js';
import type { CandidateContext, CandidateSource } from './types.js';
import { unplanned } from './unplanned.js';

type ImageEditConfig = Extract<CandidateSourceConfig, { type: 'image-edit' }>;

const DEFAULT_TIMEOUT_MS = 120_000;
const MIME: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** What the SDK threw, as a BackendError the runner can retry or give up on; an abort is passed on as it is. */
function toBackendError(error: unknown, backendId: string, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason;
  if (error instanceof APIConnectionTimeoutError) {
    return new BackendError(
      `${backendId}: image edit timed out; raise the backend's timeoutMs or check the server`,
      {
        backend: backendId,
        retryable: true,
        cause: error,
      },
    );
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return new BackendError(`${backendId}: image edit failed with HTTP ${error.message}`, {
      backend: backendId,
      status: error.status,
      retryable: isRetryableStatus(error.status),
      cause: error,
    });
  }
  return new BackendError(
    `${backendId}: could not reach the image-edit server (${(error as Error).message}); is it running?`,
    {
      backend: backendId,
      retryable: true,
      cause: error,
    },
  );
}

/** A reply that is not what was asked: the next attempt may be fine, so it is retryable. */
const badReply = (backendId: string, what: string) =>
  new BackendError(
    `${backendId}: the image-edit reply ${what}; check that the server implements POST /v1/images/edits`,
    {
      backend: backendId,
      retryable: true,
    },
  );

/**
 * Candidates from any editor served as an OpenAI-compatible `POST /v1/images/edits`: n per input, each
 * its own request for one image (so each is its own unit and is retried alone), saved as
 * `<workDir>/candidates/<sha256>.<png|jpg|webp>`. The SDK's own retries are off: the runner retries
 * units, with the backend's rate limits and pauses.
 */
export function createImageEditSource(config: ImageEditConfig): CandidateSource {
  const clients = new Map<string, OpenAI>();
  const clientFor = (backend: OpenAIBackendConfig, env: NodeJS.ProcessEnv) => {
    const key = JSON.stringify(backend);
    let client = clients.get(key);
    if (!client) {
      client = new OpenAI({
        baseURL: backend.baseURL,
        apiKey: apiKeyOf(backend, env) ?? 'no-key',
        timeout: backend.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        maxRetries: 0,
      });
      clients.set(key, client);
    }
    return client;
  };
  const ids = Array.from({ length: config.n }, (_, i) => String(i + 1));
  // Servers that answer with a URL by default (dall-e-2, many local ones) are asked for the image
  // itself; OpenAI's gpt-image models always send it and refuse the parameter by name (400), after
  // which it is left out, for this source from then on.
  let askForBase64 = true;

  async function run(
    input: Parameters<CandidateSource['run']>[0],
    candidateId: string,
    ctx: CandidateContext,
  ) {
    if (!ids.includes(candidateId)) throw unplanned(config.name, input.id, candidateId);
    const backend = ctx.backends[config.backend];
    if (backend?.type !== 'openai') {
      throw new UsageError(
        `candidate source "${config.name}" needs the openai backend "${config.backend}" in the config`,
      );
    }
    const backendId = `openai-compatible:${backend.baseURL}#${config.model}`;
    const bytes = await readFile(input.source);
    const image = await toFile(bytes, basename(input.source), { type: MIME[imageExtension(bytes) ?? 'png'] });
    const client = clientFor(backend, ctx.env ?? process.env);
    const edit = (withFormat: boolean) =>
      client.images.edit(
        {
          model: config.model,
          image,
          prompt: input.instruction,
          n: 1,
          ...(withFormat ? { response_format: 'b64_json' as const } : {}),
        },
        ctx.signal ? { signal: ctx.signal } : {},
      );
    let reply;
    try {
      const asked = askForBase64;
      reply = await edit(asked).catch((error: unknown) => {
        if (!asked || refusedParameter(error) !== 'response_format') throw error;
        askForBase64 = false;
        return edit(false);
      });
    } catch (error) {
      throw toBackendError(error, backendId, ctx.signal);
    }
    const b64 = reply.data?.[0]?.b64_json;
    if (typeof b64 !== 'string' || b64 === '') throw badReply(backendId, 'held no b64_json image');
    const edited = Buffer.from(b64, 'base64');
    const ext = imageExtension(edited);
    if (!ext) throw badReply(backendId, 'image is not PNG, JPEG or WebP');
    return { ...(await saveCandidateImage(ctx.workDir, edited, ext)), editor: config.name, candidateId };
  }

  return {
    name: config.name,
    type: 'image-edit',
    resource: config.backend,
    plan: (input) =>
      ids.map((candidateId, index) => ({
        candidateId,
        parts: {
          source: config.name,
          type: 'image-edit',
          inputId: input.id,
          model: config.model,
          sourceSha256: input.sourceSha256,
          instruction: input.instruction,
          index,
        },
      })),
    run,
  };
}

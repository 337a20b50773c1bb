import {
  UsageError,
  createRng,
  sampleWithoutReplacement,
  type ChatBackend,
  type ChatMessage,
  type ChatResult,
  type Decomposer,
  type ImageInput,
  type Principle,
  type Rng,
} from '../core/index.js';
import { VlmImageEncoder, loadImage, type EncodedImage, type LoadedImage } from '../images/index.js';
import { buildDecomposerMessages, correctionMessage } from './decomposer-prompt.js';
import { readDecompositionReply } from './decomposition-reply.js';
import { DecompositionParseError } from './decomposition-error.js';
import { checkDistribution } from './distribution.js';
import { EXEMPLARS, type Exemplar } from './exemplars.js';

export interface VlmDecomposerOptions {
  backend: ChatBackend;
  /** Turns a loaded image into a data URL for the model (default: a VlmImageEncoder). */
  encoder?: { encode(image: LoadedImage): Promise<Pick<EncodedImage, 'url'>> };
  /** Reads the source image (default: images' loadImage with its default limits). */
  loader?: (input: ImageInput) => Promise<LoadedImage>;
  /** Exemplars shown per query (default 4, as in the paper; 0 asks zero-shot). */
  k?: number;
  /** Random source for choosing exemplars when a call gives no seed. */
  rng?: Rng;
  /** Seed for that random source when no rng is given (default 0); also sent as the request seed. */
  seed?: number;
  /** The exemplar pool (default: EXEMPLARS). */
  pool?: readonly Exemplar[];
  /** Sampling temperature (default 0.2: the reply is a structured list; variety comes from the exemplars). */
  temperature?: number;
  /** Token cap for a reply (default 1500: ten questions take about 400). */
  maxTokens?: number;
}

function validatePool(pool: readonly Exemplar[]): void {
  pool.forEach((ex, i) => {
    const { problems } = checkDistribution(ex.principles);
    if (problems.length > 0) {
      throw new UsageError(
        `exemplar ${i + 1} ("${ex.instruction}") breaks the decomposition rule: ${problems.join('; ')}. Fix it or leave it out of the pool.`,
      );
    }
  });
}

/**
 * The paper's decomposer: a VLM sees the source image and the instruction after k worked examples
 * drawn from the pool, and answers with ten principles. A bad reply gets one corrective retry.
 */
export function createVlmDecomposer(options: VlmDecomposerOptions): Decomposer {
  const { backend, k = 4, pool = EXEMPLARS, temperature = 0.2, maxTokens = 1500 } = options;
  if (!Number.isInteger(k) || k < 0) {
    throw new UsageError(`k must be a whole number of exemplars (0 or more); got ${k}.`);
  }
  validatePool(pool);
  const encoder = options.encoder ?? new VlmImageEncoder();
  const loader = options.loader ?? ((input: ImageInput) => loadImage(input));
  const sharedRng = options.rng ?? createRng(options.seed ?? 0);

  async function ask(messages: ChatMessage[], seed: number | undefined, signal: AbortSignal | undefined) {
    const result: ChatResult = await backend.complete({ messages, temperature, maxTokens, seed }, signal);
    const choice = result.choices[0];
    return { text: choice?.text ?? '', finishReason: choice?.finishReason };
  }

  return {
    id: `vlm:${backend.model}`,
    async decompose(input, callOptions): Promise<Principle[]> {
      const instruction = input.instruction.trim();
      if (instruction === '')
        throw new UsageError('The instruction is empty; give the edit instruction to decompose.');
      const seed = callOptions?.seed ?? options.seed;
      // A per-call seed fixes this call's exemplars on its own; otherwise draws continue the shared stream.
      const rng = callOptions?.seed !== undefined ? createRng(callOptions.seed) : sharedRng;
      const exemplars = sampleWithoutReplacement(pool, k, rng);
      const image = await encoder.encode(await loader(input.source));
      const messages = buildDecomposerMessages(exemplars, instruction, image);
      const signal = callOptions?.signal;

      const first = await ask(messages, seed, signal);
      const firstReading = readDecompositionReply(first.text, first.finishReason);
      if (firstReading.ok) return firstReading.principles;

      const retryMessages: ChatMessage[] = [
        ...messages,
        { role: 'assistant', content: first.text },
        { role: 'user', content: correctionMessage(firstReading.problems) },
      ];
      const second = await ask(retryMessages, seed, signal);
      const secondReading = readDecompositionReply(second.text, second.finishReason);
      if (secondReading.ok) return secondReading.principles;

      throw new DecompositionParseError(
        `The decomposer model ${backend.model} (${backend.id}) gave no usable principles for "${instruction}", ` +
          `even after a corrective retry. First reply: ${firstReading.problems.join('; ')}. ` +
          `Second reply: ${secondReading.problems.join('; ')}. Both raw replies are kept on this error. ` +
          'Use a stronger instruction-following VLM or a lower temperature, pass principles yourself, ' +
          'or use the rule decomposer, which needs no model.',
        [first.text, second.text],
      );
    },
  };
}

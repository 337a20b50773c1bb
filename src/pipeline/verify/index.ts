export {
  buildVerifierMessages,
  VERIFIER_SYSTEM_PROMPT,
  type VerifierMessagesInput,
} from './verifier-prompt.js';
export { parseGoldReply } from './parse-gold-reply.js';
export {
  createVerifier,
  type Verifier,
  type VerifierConfig,
  type VerifierOptions,
  type VerifyOptions,
  type VerifyResult,
} from './verifier.js';

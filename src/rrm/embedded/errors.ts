import { EditR1Error } from '../../core/index.js';

/**
 * The OCR engine cannot run on this machine (its native ONNX runtime or its model files failed to
 * load). Text checks turn this into "needs a VLM: OCR unavailable (...)" instead of failing the judge.
 */
export class OcrUnavailableError extends EditR1Error {}

/** The OCR engine loaded but failed on an image: a model failure, mapped like a backend's. */
export class OcrError extends EditR1Error {
  override readonly exitCode = 3;
}

/**
 * None of the principles could be checked offline and no hard rule decided the score: the embedded
 * judge has nothing to score from, and will not make a score up. A usage problem (exit 2): the caller
 * can pass principles with checks, or use a judge that can look at the picture.
 */
export class NoVerifiablePrincipleError extends EditR1Error {
  override readonly exitCode = 2;
  readonly principles: number;
  constructor(principles: number) {
    super(
      `none of the ${principles} principles can be checked offline; pass principles with checks, or use a VLM backend (--backend openai --base-url ... --model ...)`,
    );
    this.principles = principles;
  }
}

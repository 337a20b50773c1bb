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

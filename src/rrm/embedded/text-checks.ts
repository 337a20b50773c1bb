import { decide, needsVlm, type CheckContext, type CheckEvaluator, type CheckResult } from './check-result.js';
import { OcrUnavailableError } from './ocr-errors.js';
import type { OcrLine } from './ocr-reader.js';
import { findPhrase, type PhraseMatch } from './text-match.js';

const quote = (lines: readonly OcrLine[]): string =>
  lines.length === 0
    ? 'no legible text'
    : lines.map((l) => `"${l.text}" (confidence ${l.confidence.toFixed(2)})`).join(', ');

const slips = (m: PhraseMatch): string => `${m.slips} character edit(s) from "${m.phrase}", allowed ${m.allowed}`;

/** Runs a text check, or answers null when OCR cannot run here or the phrase has nothing to match. */
async function withText(
  text: string,
  context: CheckContext,
  decideFrom: (read: (which: 'source' | 'edited') => Promise<readonly OcrLine[]>) => Promise<CheckResult>,
): Promise<CheckResult> {
  if (findPhrase(text, []).phrase === '') {
    return needsVlm(`"${text}" has no letters or digits for OCR to match`);
  }
  try {
    return await decideFrom((which) => context.readText(which));
  } catch (error) {
    if (error instanceof OcrUnavailableError) return needsVlm(`OCR unavailable (${error.message})`);
    throw error;
  }
}

export const evaluateTextPresent: CheckEvaluator<'text-present'> = (check, context) =>
  withText(check.text, context, async (read) => {
    const lines = await read('edited');
    const match = findPhrase(
      check.text,
      lines.map((l) => l.text),
    );
    return decide(match.found, `OCR of the edited image read ${quote(lines)}; closest match ${slips(match)}`);
  });

/**
 * Absence proves something only if OCR could read the text before the edit: when it cannot find the
 * phrase in the source either, the check is left to a VLM rather than passed for free.
 */
export const evaluateTextAbsent: CheckEvaluator<'text-absent'> = (check, context) =>
  withText(check.text, context, async (read) => {
    const sourceLines = await read('source');
    const before = findPhrase(
      check.text,
      sourceLines.map((l) => l.text),
    );
    if (!before.found) {
      return needsVlm(
        `OCR cannot read "${check.text}" in the source either (read ${quote(sourceLines)}), so its absence after the edit proves nothing`,
      );
    }
    const lines = await read('edited');
    const after = findPhrase(
      check.text,
      lines.map((l) => l.text),
    );
    return decide(
      !after.found,
      `OCR read "${check.text}" in the source (${slips(before)}); in the edited image it read ${quote(lines)}, closest match ${slips(after)}`,
    );
  });

import { decide, needsVlm, type CheckEvaluator, type CheckResult } from './check-result.js';
import { OcrUnavailableError } from './errors.js';
import type { OcrLine } from './ocr-reader.js';
import { findPhrase, normalizeForMatch, type PhraseMatch } from './text-match.js';

const quote = (lines: readonly OcrLine[]): string =>
  lines.length === 0
    ? 'no legible text'
    : lines.map((l) => `"${l.text}" (confidence ${l.confidence.toFixed(2)})`).join(', ');

const closest = (m: PhraseMatch): string =>
  `closest match ${m.slips} character edit(s) from "${m.phrase}" (allowed ${m.allowed})`;

const search = (text: string, lines: readonly OcrLine[]): PhraseMatch =>
  findPhrase(
    text,
    lines.map((l) => l.text),
  );

/** Runs a text check, or answers null when the phrase has nothing to match or OCR cannot run here. */
async function ocrCheck(text: string, run: () => Promise<CheckResult>): Promise<CheckResult> {
  if (normalizeForMatch(text) === '') return needsVlm(`"${text}" has no letters or digits for OCR to match`);
  try {
    return await run();
  } catch (error) {
    if (error instanceof OcrUnavailableError) return needsVlm(`OCR unavailable (${error.message})`);
    throw error;
  }
}

export const evaluateTextPresent: CheckEvaluator<'text-present'> = (check, context) =>
  ocrCheck(check.text, async () => {
    const lines = await context.readText('edited');
    const match = search(check.text, lines);
    return decide(match.found, `OCR of the edited image read ${quote(lines)}; ${closest(match)}`);
  });

/**
 * Absence proves something only if OCR could read the text before the edit: when it cannot find the
 * phrase in the source either, the point is left to a VLM rather than passed for free.
 */
export const evaluateTextAbsent: CheckEvaluator<'text-absent'> = (check, context) =>
  ocrCheck(check.text, async () => {
    const sourceLines = await context.readText('source');
    const before = search(check.text, sourceLines);
    if (!before.found) {
      return needsVlm(
        `OCR cannot read "${check.text}" in the source either (it read ${quote(sourceLines)}), so its absence after the edit proves nothing`,
      );
    }
    const lines = await context.readText('edited');
    const after = search(check.text, lines);
    return decide(
      !after.found,
      `OCR read "${check.text}" in the source (${closest(before)}); in the edited image it read ${quote(lines)}, ${closest(after)}`,
    );
  });

/**
 * The bytes of base64 text (standard or URL-safe alphabet, padding optional), or undefined when the
 * text is not base64. Node's decoder skips characters outside the alphabet and stops at the first
 * '=', so text is base64 exactly when it decodes to as many bytes as its length promises: one stray
 * character, or padding before the end, makes the output shorter. Checking the length after the
 * decode costs nothing beside it, where a regular expression over a large image's text costs as much
 * as decoding it. Whitespace is not allowed: strip line breaks first.
 */
export function decodeBase64(text: string): Buffer | undefined {
  let end = text.length;
  // At most two '=' of padding, at the end only.
  for (let pad = 0; pad < 2 && text.charCodeAt(end - 1) === 0x3d; pad++) end--;
  // Four characters carry three bytes; a length of 4k+1 cannot come from any bytes.
  if (end % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64');
  return bytes.length === Math.floor((end * 3) / 4) ? bytes : undefined;
}

/**
 * An error's innermost cause in a few words, with its code when the message does not say it: fetch and
 * undici wrap the socket error ("connect ECONNREFUSED 127.0.0.1:8000", "other side closed") a level or
 * two down, as the cause of a bare "fetch failed". Follows at most five causes, so a cycle cannot hang it.
 */
export function rootCause(error: unknown): string {
  let root = error;
  for (let depth = 0; root instanceof Error && root.cause instanceof Error && depth < 5; depth++)
    root = root.cause;
  if (!(root instanceof Error)) return String(root);
  const code = (root as { code?: unknown }).code;
  return typeof code === 'string' && !root.message.includes(code) ? `${root.message}, ${code}` : root.message;
}

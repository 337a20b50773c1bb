/**
 * Orders strings by UTF-16 code units, the same on every machine: `localeCompare` follows the host's
 * locale, which would let two machines sort one export differently.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

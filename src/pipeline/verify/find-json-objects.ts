import { balancedEnd } from '../../rrm/index.js';

/**
 * The JSON objects written in a text (inside code fences or prose), each parsed with JSON.parse and
 * nothing repaired, that `accept` takes. An object accepted is skipped whole; one not accepted is
 * searched inside, so `{"answer": {"gold": [...]}}` still yields the inner object.
 */
export function findJsonObjects(
  text: string,
  accept: (value: Record<string, unknown>) => boolean,
): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  for (let i = text.indexOf('{'); i >= 0;) {
    const end = balancedEnd(text, i);
    let next = i + 1;
    if (end > 0) {
      try {
        const value: unknown = JSON.parse(text.slice(i, end));
        if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
          const object = value as Record<string, unknown>;
          if (accept(object)) {
            found.push(object);
            next = end;
          }
        }
      } catch {
        // Not JSON from this brace: look from the next one.
      }
    }
    i = text.indexOf('{', next);
  }
  return found;
}

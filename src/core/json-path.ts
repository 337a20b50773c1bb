/** Where a value sits in a parsed body: its keys and indices from the top. */
export type JsonPath = readonly PropertyKey[];

/** `items.0.edited.2` as a reader writes it: `items[0].edited[2]`. */
export function fieldPath(path: JsonPath): string {
  let text = '';
  for (const key of path) {
    text += typeof key === 'number' ? `[${key}]` : `${text ? '.' : ''}${String(key)}`;
  }
  return text || '(body)';
}

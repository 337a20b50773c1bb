/** `T` with its fields optional and never undefined: what exactOptionalPropertyTypes lets an options object take. */
export type DefinedOnly<T> = { [K in keyof T]?: Exclude<T[K], undefined> };

/**
 * The fields of `fields` that are not undefined. Optional settings pass on in one call, instead of a
 * `...(x === undefined ? {} : { x })` per field (an explicit undefined is not an absent field under
 * exactOptionalPropertyTypes, and would override a default).
 */
export function definedOnly<T extends object>(fields: T): DefinedOnly<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as DefinedOnly<T>;
}

import { z } from 'zod';

/**
 * An object that refuses keys it does not know, naming the ones it does: a misspelt setting
 * (`baseUrl` for `baseURL`) is an error that shows the right spelling, not a silently ignored line.
 */
export function strict<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown key; use ${known}` : undefined),
  });
}

/** An error for a setting: "required: ..." when it is missing, else what it should be. */
export const expecting = (message: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `required: ${message}` : message;

/** A whole number in [min, max]; one message for every way to miss it. */
export function wholeNumber(min: number, max?: number) {
  const message = `expected a whole number ${max === undefined ? `of at least ${min}` : `from ${min} to ${max}`}`;
  const base = z
    .number({ error: expecting(message) })
    .int(message)
    .min(min, message);
  return max === undefined ? base : base.max(max, message);
}

export function numberBetween(min: number, max: number) {
  const message = `expected a number from ${min} to ${max}`;
  return z
    .number({ error: expecting(message) })
    .min(min, message)
    .max(max, message);
}

export const positiveNumber = () =>
  z.number({ error: expecting('expected a number above 0') }).positive('expected a number above 0');

export const nonNegativeNumber = () =>
  z
    .number({ error: expecting('expected a number of at least 0') })
    .nonnegative('expected a number of at least 0');

export const SeedSchema = z
  .number({ error: expecting('expected a whole number') })
  .int('expected a whole number')
  .min(Number.MIN_SAFE_INTEGER, 'expected a safe integer')
  .max(Number.MAX_SAFE_INTEGER, 'expected a safe integer');

/** A name other settings refer to (a backend, a candidate source): also a store resource and part of file names. */
export const NameSchema = z
  .string({ error: expecting('expected a name') })
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'expected a name of letters, digits, _ . - (at most 64, starting with a letter or digit)',
  );

export const PathSchema = z.string({ error: expecting('expected a path') }).min(1, 'expected a path');

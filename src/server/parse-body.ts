import type { z } from 'zod';
import { fieldPath } from '../core/index.js';
import { HttpError } from './http-error.js';

/** Validates a body at the door; the first issue becomes a 400 that names the field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0] ?? ''] : issue.path;
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  throw new HttpError(400, 'bad_request', `${fieldPath(path)}: ${issue.message}${more}`);
}

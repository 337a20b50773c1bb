import type { z } from 'zod';

/** `tracePool[1].temperature`, as a user finds it in the file. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(config)' : out;
}

/** One `path: message` line per problem; an unknown key is named in its path, one line per key. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath([...issue.path, key])}: ${issue.message}`);
    }
    if (issue.code === 'invalid_union' && 'options' in issue && Array.isArray(issue.options)) {
      // A discriminated union's unknown `type`: say which types exist.
      return [`${formatPath(issue.path)}: expected one of ${issue.options.join(', ')}`];
    }
    return [`${formatPath(issue.path)}: ${issue.message}`];
  });
}

/** For safeParse: a missing required setting says "required", not "expected string, received undefined". */
export const requiredMessage = (issue: z.core.$ZodRawIssue): string | undefined =>
  issue.code === 'invalid_type' && issue.input === undefined
    ? `required (expected ${issue.expected})`
    : undefined;

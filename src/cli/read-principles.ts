import { readFile } from 'node:fs/promises';
import { PrincipleListSchema, UsageError, type Principle } from '../core/index.js';

/** Reads `--principles FILE`: a JSON array of {question, category}, categories in our or the paper's names. */
export async function readPrinciplesFile(path: string): Promise<Principle[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read principles file ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`principles file ${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const result = PrincipleListSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = issue.path.length > 0 ? ` at [${issue.path.join('].[')}]` : '';
    throw new UsageError(
      `principles file ${path}${where}: ${issue.message}; expected a JSON array of {"question": "...", "category": "Instruction Following" | "Feature Preservation" | "Image Quality"}`,
    );
  }
  return result.data;
}

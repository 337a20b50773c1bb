import { runInNewContext } from 'node:vm';

/**
 * Runs synchronous `work` and stops it after `seconds`, throwing "Script execution timed out". A test's
 * own timeout cannot stop synchronous work (its timer waits for the event loop), so a parser gone
 * quadratic on a megabyte of input would hang the run instead of failing it.
 */
export function withinSeconds<T>(seconds: number, work: () => T): T {
  return runInNewContext('work()', { work }, { timeout: seconds * 1000 }) as T;
}

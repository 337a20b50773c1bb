import { readFileSync } from 'node:fs';

/**
 * This process's peak resident set so far, in bytes: the kernel's high-water mark for its own memory
 * (VmHWM in /proc/self/status), or null where there is no /proc. Not getrusage's maxrss: Linux carries
 * that over from the parent across fork and exec, so a child process spawned by a parent holding
 * 600 MB reports at least 600 MB however little it uses itself.
 */
export function peakRssBytes(): number | null {
  let status: string;
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {
    return null;
  }
  const kib = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)?.[1];
  return kib === undefined ? null : Number(kib) * 1024;
}

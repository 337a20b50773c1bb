import { fork, type ChildProcess } from 'node:child_process';

/**
 * Starts a TypeScript file of this folder in its own Node process (with tsx), speaking IPC. Each role
 * gets a process of its own so that process.cpuUsage() in it counts that role alone, every thread
 * included.
 */
export function forkTs(file: string, args: readonly string[] = []): ChildProcess {
  return fork(new URL(file, import.meta.url), [...args], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_CHILD_PROF
        ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.BENCH_CHILD_PROF]
        : []),
      // For investigation, e.g. BENCH_CHILD_ARGS=--trace-gc; every child process gets them.
      ...(process.env.BENCH_CHILD_ARGS?.split(/\s+/).filter(Boolean) ?? []),
    ],
    stdio: 'inherit',
  });
}

/** The child's next message; rejects when it exits first, so a crash fails the benchmark instead of hanging it. */
export function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onMessage = (message: unknown) => {
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null, signal: string | null) => {
      child.off('message', onMessage);
      reject(new Error(`benchmark child ${child.pid} exited (${signal ?? `code ${code}`}) before answering`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Resolves when the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts a role's child (forkTs with its settings as JSON) and waits for its first message, what it
 * announces once it serves; a child that dies first is reported, and one that announced nothing is
 * killed.
 */
export async function startChild<Ready>(
  file: string,
  settings: unknown,
): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = forkTs(file, [JSON.stringify(settings)]);
  try {
    return { child, ready: await nextMessage<Ready>(child) };
  } catch (error) {
    child.kill();
    throw error;
  }
}

/** `stop`, run once: later calls get the first call's promise. */
export function once<T>(stop: () => Promise<T>): () => Promise<T> {
  let stopping: Promise<T> | undefined;
  return () => (stopping ??= stop());
}

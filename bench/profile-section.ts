import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Runs `section`; with BENCH_CPU_PROF_DIR set, records a V8 CPU profile of this thread over it alone
 * (not process start-up or warm-up, which --cpu-prof would include) as <dir>/<name>.cpuprofile,
 * readable in Chrome DevTools or VS Code. The profiler's overhead inflates that run's numbers.
 */
export async function profileSection<T>(name: string, section: () => Promise<T>): Promise<T> {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  if (!dir) return section();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await section();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  }
}

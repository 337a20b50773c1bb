import { execFile, execFileSync, spawnSync } from 'node:child_process';
import {
  accessSync,
  appendFileSync,
  chownSync,
  constants,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

/** A throwaway PostgreSQL server for tests: trust auth, 127.0.0.1 only, fsync off, data in a temp dir. */
export interface PostgresServer {
  /** Superuser URL of the server's `postgres` database. */
  url: string;
  /**
   * Creates an empty schema on this server and returns a URL whose search_path is that schema alone: a
   * fresh, isolated store per test, in milliseconds (CREATE DATABASE takes most of a second).
   */
  freshUrl(): Promise<string>;
  /** Stops this server (only this one: `pg_ctl -D` its own data dir) and removes its temp dir. */
  stop(): Promise<void>;
}

const TOOLS = ['initdb', 'pg_ctl', 'postgres'] as const;

function hasTools(dir: string): boolean {
  return TOOLS.every((tool) => {
    try {
      accessSync(join(dir, tool), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function pgConfigBindir(): string | undefined {
  const found = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** Debian installs each major version beside the others; the newest wins. */
function debianBindirs(): string[] {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => join(root, version, 'bin'));
}

/** The folder holding initdb, pg_ctl and postgres: PATH, then `pg_config --bindir`, then Debian's layout. */
export function findPostgresBindir(): string | undefined {
  const onPath = (process.env.PATH ?? '').split(':').filter((dir) => dir !== '');
  const configured = pgConfigBindir();
  const candidates = [...onPath, ...(configured ? [configured] : []), ...debianBindirs()];
  return candidates.find(hasTools);
}

/**
 * Why PostgreSQL tests cannot run here, or false when they can. Under CI (`CI=true`) a missing PostgreSQL
 * is no reason to skip: this returns false, startPostgres throws, and the test fails, as it should.
 */
export function postgresSkip(
  { bindir, env }: { bindir: string | undefined; env: NodeJS.ProcessEnv } = {
    bindir: findPostgresBindir(),
    env: process.env,
  },
): string | false {
  if (bindir !== undefined || env.CI === 'true') return false;
  return 'PostgreSQL is not installed (no initdb/pg_ctl/postgres on PATH, in `pg_config --bindir` or /usr/lib/postgresql/*/bin): install it (Debian: apt-get install postgresql) to run these tests';
}

/** A port the kernel just handed out on 127.0.0.1 (free now; startPostgres retries if it is taken by then). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** PostgreSQL refuses to run as root: then every command runs as the `postgres` system user. */
interface Runner {
  command(file: string, args: string[]): [string, string[]];
  owner?: { uid: number; gid: number };
}

function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

function runnerFor(): Runner {
  if (process.getuid?.() !== 0) return { command: (file, args) => [file, args] };
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  let owner: { uid: number; gid: number };
  try {
    owner = { uid: id('-u'), gid: id('-g') };
  } catch (error) {
    throw new Error(
      "running as root, and PostgreSQL refuses to run as root, but there is no `postgres` system user to run it as: install Debian's postgresql package (it creates the user) or run the tests as a normal user",
      { cause: error },
    );
  }
  const runuser = spawnSync('runuser', ['--help']).status === 0;
  return {
    owner,
    command: (file, args) =>
      runuser
        ? ['runuser', ['-u', 'postgres', '--', file, ...args]]
        : ['su', ['postgres', '-s', '/bin/sh', '-c', [file, ...args].map(shellQuote).join(' ')]],
  };
}

export async function startPostgres(): Promise<PostgresServer> {
  const bindir = findPostgresBindir();
  if (bindir === undefined) {
    throw new Error(
      'PostgreSQL is not installed: no initdb/pg_ctl/postgres on PATH, in `pg_config --bindir` or /usr/lib/postgresql/*/bin. Install it (Debian: apt-get install postgresql).',
    );
  }
  const runner = runnerFor();
  const dir = mkdtempSync(join(tmpdir(), 'edit-r1-pg-'));
  if (runner.owner) chownSync(dir, runner.owner.uid, runner.owner.gid);
  const data = join(dir, 'data');
  const exec = async (tool: string, args: string[]) => {
    const [file, argv] = runner.command(join(bindir, tool), args);
    // cwd: the postgres user may not be allowed into ours; LC_ALL: the C locale always exists.
    return run(file, argv, { cwd: dir, env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 });
  };
  const ctl = (args: string[]) => exec('pg_ctl', ['-D', data, ...args]);
  const stopNow = () => {
    const [file, argv] = runner.command(join(bindir, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
    spawnSync(file, argv, { cwd: dir, stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies without calling stop() still takes its server down with it.
  process.once('exit', stopNow);

  try {
    await exec('initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '-A',
      'trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      appendFileSync(
        join(data, 'postgresql.conf'),
        [
          "listen_addresses = '127.0.0.1'",
          `port = ${port}`,
          `unix_socket_directories = '${dir}'`,
          'fsync = off',
          'synchronous_commit = off',
          'full_page_writes = off',
          'shared_buffers = 32MB',
          'max_connections = 200',
          '',
        ].join('\n'),
      );
      try {
        await ctl(['-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
        break;
      } catch (error) {
        // Another process may have taken the port between freePort() and the server binding it.
        if (attempt === 3) throw error;
      }
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    let schemas = 0;
    return {
      url,
      async freshUrl() {
        const schema = `test_${++schemas}`;
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE SCHEMA ${schema}`);
        } finally {
          await client.end();
        }
        return `${url}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
      },
      async stop() {
        process.removeListener('exit', stopNow);
        try {
          await ctl(['-m', 'fast', '-w', 'stop']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw new Error(`could not start PostgreSQL from ${bindir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { postgresSkip, startPostgres, type PostgresServer } from '../../testing/index.js';

/** A store kind the tests run against: a fresh, empty store URL per call. */
export interface TestBackend {
  kind: 'sqlite' | 'postgres';
  /** Why this backend's tests are skipped, or false. */
  skip: string | false;
  freshUrl(): Promise<string>;
}

/**
 * Both store kinds for one test file: SQLite files in a temp dir, and one PostgreSQL server for the whole
 * file (started in before(), stopped in after()) with a new schema per freshUrl().
 */
export function testBackends(): TestBackend[] {
  const skip = postgresSkip();
  const dir = mkdtempSync(join(tmpdir(), 'edit-r1-store-'));
  let server: PostgresServer | undefined;
  let files = 0;
  before(async () => {
    if (skip === false) server = await startPostgres();
  });
  after(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return [
    { kind: 'sqlite', skip: false, freshUrl: async () => `sqlite:${join(dir, `store-${++files}.sqlite`)}` },
    {
      kind: 'postgres',
      skip,
      freshUrl: () => {
        if (server === undefined) throw new Error('the test PostgreSQL server did not start');
        return server.freshUrl();
      },
    },
  ];
}

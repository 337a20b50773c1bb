import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import pg from 'pg';
import { findPostgresBindir, postgresSkip, startPostgres } from './index.js';

test('postgresSkip skips only when PostgreSQL is missing outside CI', () => {
  assert.equal(postgresSkip({ bindir: '/usr/lib/postgresql/15/bin', env: {} }), false);
  assert.match(
    String(postgresSkip({ bindir: undefined, env: {} })),
    /PostgreSQL is not installed.*apt-get install postgresql/,
  );
  // Under CI a missing PostgreSQL must fail the tests (startPostgres throws), never skip them.
  assert.equal(postgresSkip({ bindir: undefined, env: { CI: 'true' } }), false);
});

async function query(url: string, text: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

test(
  'startPostgres runs a local, unsynced server; stop() stops only that one and removes its files',
  { skip: postgresSkip() },
  async () => {
    const bindir = findPostgresBindir();
    assert.ok(bindir !== undefined && existsSync(join(bindir, 'initdb')));
    const [first, second] = await Promise.all([startPostgres(), startPostgres()]);
    try {
      assert.match(first.url, /^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
      assert.notEqual(first.url, second.url);
      const [settings] = await query(
        first.url,
        "select current_setting('fsync') as fsync, current_setting('listen_addresses') as listen, current_setting('data_directory') as data",
      );
      assert.equal(settings?.fsync, 'off');
      assert.equal(settings?.listen, '127.0.0.1');
      const data = String(settings?.data);
      assert.ok(existsSync(data));

      // Each fresh URL is its own empty schema.
      const a = await first.freshUrl();
      const b = await first.freshUrl();
      await query(a, 'create table t (x int)');
      await query(a, 'select * from t');
      await assert.rejects(query(b, 'select * from t'), /relation "t" does not exist/);

      await first.stop();
      assert.equal(existsSync(data), false);
      await assert.rejects(query(first.url, 'select 1'), /ECONNREFUSED/);
      const [alive] = await query(second.url, 'select 1 as one');
      assert.equal(alive?.one, 1);
    } finally {
      await second.stop();
    }
  },
);

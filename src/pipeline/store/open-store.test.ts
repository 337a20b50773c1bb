import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from '../../core/index.js';
import { exitCodeFor } from '../../core/index.js';
import { maskStoreUrl, openStore, parseStoreUrl, StoreError } from './index.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'edit-r1-open-store-'));
}

/** A port nothing listens on (taken and released just now). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
    });
  });
}

test('parseStoreUrl resolves sqlite paths against cwd and accepts both postgres schemes', () => {
  assert.deepEqual(parseStoreUrl('sqlite:run/p.sqlite', '/work/x'), {
    kind: 'sqlite',
    url: 'sqlite:run/p.sqlite',
    path: '/work/x/run/p.sqlite',
  });
  assert.equal(
    parseStoreUrl('sqlite:/abs/p.sqlite', '/work/x').kind === 'sqlite' && '/abs/p.sqlite',
    '/abs/p.sqlite',
  );
  assert.deepEqual(parseStoreUrl('sqlite::memory:'), {
    kind: 'sqlite',
    url: 'sqlite::memory:',
    path: ':memory:',
  });
  for (const scheme of ['postgres', 'postgresql']) {
    assert.deepEqual(parseStoreUrl(`${scheme}://me:pw@db.host:5433/run`), {
      kind: 'postgres',
      url: `${scheme}://me:***@db.host:5433/run`,
      connectionString: `${scheme}://me:pw@db.host:5433/run`,
    });
  }
});

test('a store URL this toolkit cannot open is a ConfigError naming the accepted forms, password masked', () => {
  for (const url of ['mysql://me:hunter2@h/db', 'pipeline.sqlite', 'sqlite:', 'postgres://']) {
    assert.throws(
      () => parseStoreUrl(url),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.message.includes('sqlite:PATH') &&
        error.message.includes('postgres://') &&
        !error.message.includes('hunter2'),
      url,
    );
  }
  assert.equal(maskStoreUrl('postgres://me@h/db'), 'postgres://me@h/db');
  assert.equal(maskStoreUrl('postgresql://me:s%40cret@h:1/db'), 'postgresql://me:***@h:1/db');
});

test('sqlite::memory: opens a working throwaway store', async () => {
  const store = await openStore('sqlite::memory:');
  try {
    await store.migrate();
    assert.equal(
      await store.enqueue([{ key: 'k', stage: 'decompose', inputId: 'i', resource: 'local', payload: {} }]),
      1,
    );
    assert.equal(await store.active(), 1);
  } finally {
    await store.close();
  }
});

test('a relative sqlite path is created under cwd, folders included', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore('sqlite:run/nested/p.sqlite', { cwd: dir });
  await store.migrate();
  await store.close();
  assert.ok(existsSync(join(dir, 'run/nested/p.sqlite')));
});

test('an unwritable SQLite path is a StoreError naming the URL and what to do', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // A regular file where a folder should be: unwritable even for root.
  writeFileSync(join(dir, 'file'), 'x');
  const url = `sqlite:${join(dir, 'file/p.sqlite')}`;
  await assert.rejects(openStore(url), (error: unknown) => {
    assert.ok(error instanceof StoreError);
    assert.equal(error.url, url);
    assert.match(error.message, /cannot open the SQLite store sqlite:.*file\/p\.sqlite/);
    assert.match(error.message, /folder you can write to/);
    return true;
  });
});

test('an unreachable PostgreSQL is a StoreError naming the URL with its password masked', async () => {
  const port = await closedPort();
  await assert.rejects(openStore(`postgres://me:hunter2@127.0.0.1:${port}/run`), (error: unknown) => {
    assert.ok(error instanceof StoreError);
    assert.equal(error.url, `postgres://me:***@127.0.0.1:${port}/run`);
    assert.match(
      error.message,
      new RegExp(`PostgreSQL store postgres://me:\\*\\*\\*@127\\.0\\.0\\.1:${port}/run`),
    );
    assert.match(error.message, /ECONNREFUSED/);
    assert.match(error.message, /Check that PostgreSQL is running/);
    assert.doesNotMatch(error.message, /hunter2/);
    assert.equal(exitCodeFor(error), 3, 'a service the run needs is down: exit 3, as for a backend');
    return true;
  });
});

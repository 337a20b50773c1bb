import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { maskStoreUrl } from '../store/index.js';
import { resolveStoreUrl } from './store-url.js';

describe('store URLs', () => {
  test('a relative SQLite path is resolved; absolute, in-memory and PostgreSQL URLs are kept', () => {
    assert.equal(resolveStoreUrl('sqlite:run/p.sqlite', '/cfg'), 'sqlite:/cfg/run/p.sqlite');
    assert.equal(resolveStoreUrl('sqlite:/abs/p.sqlite', '/cfg'), 'sqlite:/abs/p.sqlite');
    assert.equal(resolveStoreUrl('sqlite::memory:', '/cfg'), 'sqlite::memory:');
    assert.equal(resolveStoreUrl('postgres://u@h/db', '/cfg'), 'postgres://u@h/db');
  });

  test('maskStoreUrl masks a password wherever it is written', () => {
    assert.equal(
      maskStoreUrl('postgres://me:s3cret@127.0.0.1:5432/db'),
      'postgres://me:***@127.0.0.1:5432/db',
    );
    assert.equal(maskStoreUrl('postgresql://me:p@ss/w0rd@host/db'), 'postgresql://me:***@host/db');
    assert.equal(
      maskStoreUrl('postgres://host/db?user=me&password=s3cret&sslmode=require'),
      'postgres://host/db?user=me&password=***&sslmode=require',
    );
    assert.equal(maskStoreUrl('postgres://me@127.0.0.1:5432/db'), 'postgres://me@127.0.0.1:5432/db');
    assert.equal(maskStoreUrl('sqlite:/a/b.sqlite'), 'sqlite:/a/b.sqlite');
  });
});

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const BIN = fileURLToPath(new URL('../../bin/edit-r1.js', import.meta.url));
const MISSING = '/nonexistent/edit-r1/before.png';

function runBin(...argv: string[]) {
  return spawnSync(process.execPath, [BIN, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
}

test('bin/edit-r1.js: exit status 2 and one stderr line for a missing file; a stack only with --debug', () => {
  const argv = ['score', '--source', MISSING, '--edited', MISSING, '--instruction', 'Make it blue'];
  const plain = runBin(...argv);
  assert.equal(plain.status, 2, plain.stderr);
  assert.equal(plain.stdout, '');
  const lines = plain.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, plain.stderr);
  assert.match(lines[0]!, /^edit-r1: could not read .*before\.png/);

  const debug = runBin(...argv, '--debug');
  assert.equal(debug.status, 2, debug.stderr);
  assert.equal(debug.stderr.split('\n')[0], lines[0]);
  assert.match(debug.stderr, /\n\s+at /);
});

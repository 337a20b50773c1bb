import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { once } from 'node:events';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { rawHttp } from '../testing/raw-http.js';
import { openApp, writeDataset } from './test-fixtures.js';

interface NextBody {
  done: boolean;
  index?: number;
  total: number;
  labelled?: number;
  pair?: { id: string; instruction: string; category: string; source: string; left: string; right: string };
}

function client(app: FastifyInstance, token: string | undefined) {
  const headers = token === undefined ? {} : { authorization: `Bearer ${token}` };
  return {
    get: (url: string) => app.inject({ method: 'GET', url, headers }),
    next: async () => (await app.inject({ method: 'GET', url: '/api/next', headers })).json<NextBody>(),
    label: (body: unknown) =>
      app.inject({ method: 'POST', url: '/api/labels', headers, payload: body as object }),
    undo: () => app.inject({ method: 'POST', url: '/api/undo', headers, payload: {} }),
  };
}

let counter = 0;
const submission = () => `sub-${++counter}-abcdefgh`;

test('next -> label -> next: progress counts, left/right undone into a/b, then done', async () => {
  const dataset = await writeDataset(3);
  const { app, session } = await openApp(dataset, { annotators: ['alice'] });
  const alice = client(app, session.issuedTokens.get('alice'));
  const me = (await alice.get('/api/me')).json();
  assert.deepEqual(me, { annotator: 'alice', mode: 'preference', total: 3, labelled: 0 });
  const seen: string[] = [];
  for (let i = 1; i <= 3; i++) {
    const next = await alice.next();
    assert.equal(next.done, false);
    assert.equal(next.index, i);
    assert.equal(next.total, 3);
    const pair = next.pair!;
    assert.match(pair.source, /^\/images\/[0-9a-f]{32}$/);
    assert.equal(pair.instruction, `edit number ${pair.id.slice(1)}`);
    seen.push(pair.id);
    const res = await alice.label({
      pairId: pair.id,
      choice: 'left',
      submissionId: submission(),
      elapsedMs: 1000 * i,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { labelled: i, total: 3 });
    // The left image is the pair's a or b; the stored label says which.
    const image = await alice.get(pair.left);
    assert.equal(image.statusCode, 200);
    assert.equal(image.headers['content-type'], 'image/png');
    assert.equal(image.headers['cache-control'], 'no-store');
    const label = session.store.labels().at(-1)!;
    const edits = session.store.pairs().find((p) => p.id === pair.id)!;
    const leftFile = label.left === 'a' ? edits.a : edits.b;
    assert.equal(label.choice, label.left);
    assert.equal(pair.left, `/images/${session.imageId(leftFile)}`);
  }
  assert.equal(new Set(seen).size, 3);
  assert.deepEqual(await alice.next(), { done: true, total: 3, labelled: 3 });
  await app.close();
});

test('restart: close and reopen the database, nothing is lost and next continues; tokens are kept', async () => {
  const dataset = await writeDataset(4);
  const first = await openApp(dataset);
  const token = first.session.issuedTokens.get('alice')!;
  const alice = client(first.app, token);
  const firstPair = (await alice.next()).pair!.id;
  await alice.label({ pairId: firstPair, choice: 'same', submissionId: 'restart-1-xyz', elapsedMs: 5 });
  const secondPair = (await alice.next()).pair!.id;
  await first.app.close();

  const second = await openApp(dataset);
  assert.equal(second.session.issuedTokens.size, 0, 'no new tokens on a restart');
  const again = client(second.app, token);
  const next = await again.next();
  assert.equal(next.pair!.id, secondPair);
  assert.equal(next.index, 2);
  assert.equal(second.session.store.labels().length, 1);
  // A resend from before the restart is still recognised.
  const resend = await again.label({
    pairId: firstPair,
    choice: 'same',
    submissionId: 'restart-1-xyz',
    elapsedMs: 5,
  });
  assert.deepEqual(resend.json(), { labelled: 1, total: next.total });
  await second.app.close();

  const changed = openApp(dataset, { annotators: ['alice', 'carol'] });
  await assert.rejects(changed, /--annotators alice,carol differs from the database's alice,bob/);
  await assert.rejects(openApp(dataset, { seed: 9 }), /--seed is 9 but the labels database was made with 0/);
  const reissued = await openApp(dataset, { reissueTokens: true });
  assert.notEqual(reissued.session.issuedTokens.get('alice'), token);
  assert.equal(
    (await client(reissued.app, token).get('/api/me')).statusCode,
    401,
    'the old token stops working',
  );
  await reissued.app.close();
});

test('two tabs sending the same submissionId write one label; a second label needs undo', async () => {
  const dataset = await writeDataset(2);
  const { app, session } = await openApp(dataset, { annotators: ['alice'] });
  const alice = client(app, session.issuedTokens.get('alice'));
  const pairId = (await alice.next()).pair!.id;
  const body = { pairId, choice: 'right', submissionId: 'tab-shared-0001', elapsedMs: 12 };
  const [one, two] = await Promise.all([alice.label(body), alice.label(body)]);
  assert.deepEqual(one.json(), { labelled: 1, total: 2 });
  assert.deepEqual(two.json(), { labelled: 1, total: 2 });
  assert.equal(session.store.labels().length, 1);
  const other = await alice.label({ ...body, submissionId: 'tab-other-0002', choice: 'left' });
  assert.equal(other.statusCode, 409);
  assert.equal(other.json().error.type, 'conflict');
  const reused = await alice.label({ ...body, pairId: 'p2' === pairId ? 'p1' : 'p2' });
  assert.equal(reused.statusCode, 409);
  assert.match(
    reused.json().error.message,
    /submissionId was used for another label \(another pair or choice\)/,
  );
  const changed = await alice.label({ ...body, choice: 'left' });
  assert.equal(changed.statusCode, 409, 'the same id with another choice is not a repeat');
  assert.equal(session.store.labels().length, 1);
  // Undone, the label is gone: sending it again under its old id is not "saved".
  assert.equal((await alice.undo()).statusCode, 200);
  const resent = await alice.label(body);
  assert.equal(resent.statusCode, 409);
  assert.match(
    resent.json().error.message,
    /that label was undone since it was sent; send the label again with a new submissionId/,
  );
  assert.equal(session.store.labels().length, 0);
  const again = await alice.label({ ...body, submissionId: 'tab-again-0003' });
  assert.deepEqual(again.json(), { labelled: 1, total: 2 });
  await app.close();
});

test('undo removes the latest label and next shows that pair again; undo with nothing left is null', async () => {
  const dataset = await writeDataset(3);
  const { app, session } = await openApp(dataset, { annotators: ['alice'] });
  const alice = client(app, session.issuedTokens.get('alice'));
  const first = (await alice.next()).pair!.id;
  await alice.label({ pairId: first, choice: 'left', submissionId: submission(), elapsedMs: 1 });
  const second = (await alice.next()).pair!.id;
  await alice.label({ pairId: second, choice: 'right', submissionId: submission(), elapsedMs: 1 });
  assert.deepEqual((await alice.undo()).json(), { undone: second, labelled: 1, total: 3 });
  const next = await alice.next();
  assert.equal(next.pair!.id, second);
  assert.equal(next.index, 2);
  const relabel = await alice.label({
    pairId: second,
    choice: 'same',
    submissionId: submission(),
    elapsedMs: 2,
  });
  assert.deepEqual(relabel.json(), { labelled: 2, total: 3 });
  assert.deepEqual(
    session.store.labels().map((l) => [l.pairId, l.choice]),
    [
      [first, session.store.labels()[0]!.choice],
      [second, 'same'],
    ],
  );
  await alice.undo();
  await alice.undo();
  assert.deepEqual((await alice.undo()).json(), { undone: null, labelled: 0, total: 3 });
  await app.close();
});

test("a second annotator's labels and assignments stay apart", async () => {
  const dataset = await writeDataset(6);
  const { app, session } = await openApp(dataset, { annotators: ['alice', 'bob', 'carol'], perPair: 1 });
  const alice = client(app, session.issuedTokens.get('alice'));
  const bob = client(app, session.issuedTokens.get('bob'));
  const mine = session.store
    .assignments()
    .filter((a) => a.annotator === 'alice')
    .map((a) => a.pairId);
  const bobs = session.store
    .assignments()
    .filter((a) => a.annotator === 'bob')
    .map((a) => a.pairId);
  assert.equal(mine.length, 2);
  const aliceNext = (await alice.next()).pair!;
  assert.ok(mine.includes(aliceNext.id));
  await alice.label({ pairId: aliceNext.id, choice: 'left', submissionId: submission(), elapsedMs: 3 });
  assert.deepEqual((await bob.get('/api/me')).json(), {
    annotator: 'bob',
    mode: 'preference',
    total: 2,
    labelled: 0,
  });
  // Bob can neither label nor see alice's pairs, nor undo her label.
  const foreign = await bob.label({
    pairId: aliceNext.id,
    choice: 'left',
    submissionId: submission(),
    elapsedMs: 3,
  });
  assert.equal(foreign.statusCode, 404);
  assert.equal((await bob.get(aliceNext.source)).statusCode, 404);
  assert.deepEqual((await bob.undo()).json(), { undone: null, labelled: 0, total: 2 });
  assert.ok(bobs.includes((await bob.next()).pair!.id));
  assert.equal(session.store.labels().length, 1);
  await app.close();
});

test('missing or wrong tokens get 401 on /api and /images; the page needs none', async () => {
  const dataset = await writeDataset(1);
  const { app, session } = await openApp(dataset, { annotators: ['alice'] });
  const image = (await client(app, session.issuedTokens.get('alice')).next()).pair!.source;
  for (const token of [undefined, 'not-a-token', `${session.issuedTokens.get('alice')}x`]) {
    for (const url of ['/api/me', '/api/next', image]) {
      const res = await client(app, token).get(url);
      assert.equal(res.statusCode, 401, `${url} with ${token}`);
      assert.equal(res.json().error.type, 'unauthorized');
      assert.equal(res.headers['www-authenticate'], 'Bearer');
    }
    const post = await client(app, token).label({
      pairId: 'p1',
      choice: 'left',
      submissionId: submission(),
      elapsedMs: 1,
    });
    assert.equal(post.statusCode, 401);
  }
  const basic = await app.inject({
    method: 'GET',
    url: '/api/me',
    headers: { authorization: 'Basic YWxpY2U6eA==' },
  });
  assert.equal(basic.statusCode, 401);
  const page = await app.inject({ method: 'GET', url: '/' });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  const csp = String(page.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'/);
  assert.match(csp, /img-src blob:/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.equal((await app.inject({ method: 'GET', url: '/page/..%2fapi-schemas.ts' })).statusCode, 404);
  assert.equal((await app.inject({ method: 'GET', url: '/page/nothing.js' })).statusCode, 404);
  await app.close();
});

test('path traversal, unknown ids and symlinks out of the dataset folder are refused', async () => {
  const dataset = await writeDataset(2);
  const outside = await writeDataset(1);
  const { app, session } = await openApp(dataset, { annotators: ['alice'] });
  const alice = client(app, session.issuedTokens.get('alice'));
  for (const url of [
    '/images/..%2f..%2fetc%2fpasswd',
    '/images/..%252f..%252fetc%252fpasswd',
    '/images/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/images/..%5c..%5cetc%5cpasswd',
    '/images/%2fetc%2fpasswd',
    '/images/src%2fp1.png',
    `/images/${session.imageId('pairs.jsonl')}`,
    `/images/${'0'.repeat(32)}`,
  ]) {
    const res = await alice.get(url);
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.json().error.type, 'not_found');
  }
  // Over a raw socket, so no client tidies the path first.
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  const raw = await rawHttp(
    `http://127.0.0.1:${port}`,
    `GET /images/../../../../etc/passwd HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${session.issuedTokens.get('alice')}\r\nconnection: close\r\n\r\n`,
  );
  assert.match(raw, /^HTTP\/1\.1 404/);
  assert.doesNotMatch(raw, /root:/);

  // An image of the dataset swapped for a symlink leading outside, while the server runs: 404.
  const next = await alice.next();
  const pair = session.store.pairs().find((p) => p.id === next.pair!.id)!;
  await rm(join(dataset.dir, pair.source));
  await symlink(join(outside.dir, 'src', 'p1.png'), join(dataset.dir, pair.source));
  assert.equal((await alice.get(next.pair!.source)).statusCode, 404);
  // One replaced by a folder: a JSON error that says where to look, not "internal error".
  await rm(join(dataset.dir, pair.source));
  await mkdir(join(dataset.dir, pair.source));
  const folder = await alice.get(next.pair!.source);
  assert.equal(folder.statusCode, 500);
  assert.deepEqual(folder.json().error, {
    type: 'dataset_error',
    message:
      'the server could not read this image from its dataset (EISDIR); tell whoever runs it to check the dataset folder',
  });
  await app.close();

  // A pairs file naming a symlink that leads out, or a path with '..', is refused at start.
  await symlink(join(outside.dir, 'src', 'p1.png'), join(dataset.dir, 'src', 'escape.png'));
  await writeFile(
    dataset.pairsFile,
    JSON.stringify({
      id: 'x',
      instruction: 'i',
      source: 'src/escape.png',
      a: 'edits/a-p1.png',
      b: 'edits/b-p1.png',
    }),
  );
  await assert.rejects(
    openApp(dataset, { annotators: ['alice'] }),
    /field 'source': src\/escape\.png lies outside/,
  );
  await writeFile(
    dataset.pairsFile,
    JSON.stringify({
      id: 'x',
      instruction: 'i',
      source: '../x/p1.png',
      a: 'edits/a-p1.png',
      b: 'edits/b-p1.png',
    }),
  );
  await assert.rejects(openApp(dataset, { annotators: ['alice'] }), /contains '\.\.'/);
  // Ids name pairs in labels and exports: a second line with the same id is refused, naming both lines.
  const line = JSON.stringify({
    id: 'x',
    instruction: 'i',
    source: 'src/p1.png',
    a: 'edits/a-p1.png',
    b: 'edits/b-p1.png',
  });
  await writeFile(dataset.pairsFile, `${line}\n${line}\n`);
  await assert.rejects(
    openApp(dataset, { annotators: ['alice'] }),
    /pairs\.jsonl:2: field 'id': 'x' is already used on line 1; ids must be unique/,
  );
});

test('non-JSON and malformed bodies are refused before anything is written', async () => {
  const dataset = await writeDataset(1);
  const { app, session } = await openApp(dataset, { annotators: ['alice'] });
  const headers = { authorization: `Bearer ${session.issuedTokens.get('alice')}` };
  const form = await app.inject({
    method: 'POST',
    url: '/api/labels',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'pairId=p1&choice=left',
  });
  assert.equal(form.statusCode, 415);
  assert.equal(form.json().error.type, 'unsupported_media_type');
  const text = await app.inject({
    method: 'POST',
    url: '/api/labels',
    headers: { ...headers, 'content-type': 'text/plain' },
    payload: '{"pairId":"p1","choice":"left","submissionId":"abcdefgh1","elapsedMs":1}',
  });
  assert.equal(text.statusCode, 415);
  const broken = await app.inject({
    method: 'POST',
    url: '/api/labels',
    headers: { ...headers, 'content-type': 'application/json' },
    payload: '{"pairId":',
  });
  assert.equal(broken.statusCode, 400);
  assert.doesNotMatch(broken.body, /at .*\.js/, 'no stack in the answer');
  const wrong = await client(app, session.issuedTokens.get('alice')).label({
    pairId: 'p1',
    choice: 'better',
    submissionId: 'abcdefgh2',
    elapsedMs: 1,
  });
  assert.equal(wrong.statusCode, 400);
  assert.match(wrong.json().error.message, /^choice: /);
  const extra = await client(app, session.issuedTokens.get('alice')).label({
    pairId: 'p1',
    choice: 'left',
    submissionId: 'abcdefgh3',
    elapsedMs: 1,
    annotator: 'bob',
  });
  assert.equal(extra.statusCode, 400);
  assert.match(extra.json().error.message, /annotator/);
  assert.equal(session.store.labels().length, 0);
  await app.close();
});

test('past the rate limit a token gets 429 with a JSON error; another token is not affected', async () => {
  const dataset = await writeDataset(1);
  const { app, session } = await openApp(dataset, {}, { rateLimit: { max: 3, timeWindowMs: 60_000 } });
  const alice = client(app, session.issuedTokens.get('alice'));
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await alice.get('/api/me')).statusCode);
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  const limited = await alice.get('/api/me');
  assert.equal(limited.json().error.type, 'rate_limited');
  assert.ok(Number(limited.headers['retry-after']) > 0);
  assert.equal((await client(app, session.issuedTokens.get('bob')).get('/api/me')).statusCode, 200);
  await app.close();
});

test('requests with no valid token, and for unknown routes, count against their address', async () => {
  const dataset = await writeDataset(1);
  const { app } = await openApp(dataset, {}, { rateLimit: { max: 3, timeWindowMs: 60_000 } });
  const guesser = client(app, 'guessed-token-0123456789');
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await guesser.get('/api/me')).statusCode);
  statuses.push((await guesser.get('/api/nothing-here')).statusCode);
  statuses.push((await client(app, undefined).get('/no-such-page')).statusCode);
  assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  await app.close();
});

test(
  "requests Node's HTTP parser refuses, and those that arrive while closing, get JSON errors",
  { timeout: 20_000 },
  async () => {
    const dataset = await writeDataset(2);
    const { app, session } = await openApp(dataset, { annotators: ['alice'] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const framed = await rawHttp(
      `http://127.0.0.1:${port}`,
      'POST /api/labels HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\ntransfer-encoding: chunked\r\n\r\n{}',
    );
    assert.match(framed, /^HTTP\/1\.1 400 /);
    assert.match(
      framed,
      /"type":"bad_request","message":"the request is not valid HTTP\/1\.1 \(Transfer-Encoding/,
    );

    // One connection: a label whose body is still coming when close() begins, then a second request on it.
    const token = session.issuedTokens.get('alice')!;
    const post = (body: string) =>
      `POST /api/undo HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\n` +
      `content-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    let answer = '';
    socket.on('data', (chunk) => (answer += String(chunk)));
    const first = post('{}');
    socket.write(first.slice(0, -1));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const closed = app.close();
    await new Promise((resolve) => setTimeout(resolve, 100));
    socket.write(`${first.slice(-1)}${post('{}')}`);
    // The server ends the connection: after its answer, and at the latest when it has closed.
    await Promise.all([once(socket, 'close'), closed]);
    const statuses = answer.split('\r\n').filter((line) => line.startsWith('HTTP/1.1'));
    assert.deepEqual(statuses.slice(0, 1), ['HTTP/1.1 200 OK'], answer);
    if (statuses.length > 1) {
      // When the second request was read before the connection closed, it was refused our way.
      assert.equal(statuses[1], 'HTTP/1.1 503 Service Unavailable');
      assert.match(answer, /"type":"unavailable","message":"the annotation server is shutting down/);
      assert.match(answer, /retry-after: 1/);
    }
  },
);

test(
  'a request that stops arriving gets a 408 and its connection is closed',
  { timeout: 20_000 },
  async () => {
    const dataset = await writeDataset(1);
    const { app, session } = await openApp(dataset, { annotators: ['alice'] }, { receiveMs: 300 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    // rawHttp resolves when the server closes the connection; without the limit it never would.
    const answer = await rawHttp(
      `http://127.0.0.1:${port}`,
      `POST /api/labels HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${session.issuedTokens.get('alice')}\r\n` +
        'content-type: application/json\r\ncontent-length: 200\r\n\r\n{"pairId"',
    );
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.match(answer, /"type":"timeout","message":"the request was not received in time; send it again"/);
    await app.close();
  },
);

test('request logs hold neither tokens nor bodies', async () => {
  const dataset = await writeDataset(1);
  const lines: string[] = [];
  const { app, session } = await openApp(
    dataset,
    { annotators: ['alice'] },
    { logger: { level: 'info', stream: { write: (line: string) => void lines.push(line) } } },
  );
  const token = session.issuedTokens.get('alice')!;
  const pairId = (await client(app, token).next()).pair!.id;
  await client(app, token).label({ pairId, choice: 'left', submissionId: 'logged-0001', elapsedMs: 1 });
  await app.inject({ method: 'GET', url: '/api/me', headers: { authorization: 'Bearer wrong-token-123' } });
  const log = lines.join('');
  assert.match(log, /\/api\/labels/);
  assert.ok(!log.includes(token), 'token in the log');
  assert.ok(!log.includes('wrong-token-123'));
  assert.ok(!log.includes('logged-0001'), 'body in the log');
  await app.close();
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rawHttp } from '../testing/raw-http.js';
import { startRewardServer } from './start-reward-server.js';
import { startStandIn } from '../testing/index.js';
import { counted, PRINCIPLES, RECOLOUR, sceneDataUrl, vlmJudge, wellFormedReply } from './test-fixtures.js';

function parts(answer: string): { status: string; type: string; message: string } {
  const [head = '', body = ''] = answer.split('\r\n\r\n');
  const parsed = JSON.parse(body) as { error: { type: string; message: string } };
  return { status: head.split('\r\n')[0]!, ...parsed.error };
}

/** A rewards POST's first lines, up to the framing headers and body each case sends in its own way. */
const REWARDS_POST = 'POST /v1/rewards HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n';

test("requests Node's HTTP parser refuses get the API's JSON error, saying what to fix", async () => {
  const { judge, decomposer } = counted();
  const server = await startRewardServer({ judge, decomposer, judgeFingerprint: 'test' });
  try {
    const both = parts(
      await rawHttp(server.url, `${REWARDS_POST}content-length: 2\r\ntransfer-encoding: chunked\r\n\r\n{}`),
    );
    assert.equal(both.status, 'HTTP/1.1 400 Bad Request');
    assert.equal(both.type, 'bad_request');
    assert.match(
      both.message,
      /not valid HTTP\/1\.1 \(Transfer-Encoding can't be present with Content-Length\)/,
    );
    assert.match(both.message, /send one of them, once/);

    const chunk = parts(
      await rawHttp(server.url, `${REWARDS_POST}transfer-encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`),
    );
    assert.equal(chunk.status, 'HTTP/1.1 400 Bad Request');
    assert.match(chunk.message, /chunk framing/);

    const huge = parts(
      await rawHttp(
        server.url,
        `GET /healthz HTTP/1.1\r\nhost: x\r\nx-filler: ${'a'.repeat(20_000)}\r\n\r\n`,
      ),
    );
    assert.equal(huge.status, 'HTTP/1.1 431 Request Header Fields Too Large');
    assert.match(huge.message, /headers are too large/);

    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    assert.match(metrics, /edit_r1_errors_total\{type="bad_request"\} 3\b/, 'each refusal counted once');
    // The bad chunk came after its request was routed: that request ends as cancelled, not as a second error.
    assert.match(metrics, /edit_r1_errors_total\{type="cancelled"\} 1\b/);
  } finally {
    await server.close();
  }
});

test(
  'a request whose body stops arriving gets a 408 within the receive limit, and its connection is closed',
  { timeout: 20_000 },
  async () => {
    const { judge, decomposer } = counted();
    const server = await startRewardServer({
      judge,
      decomposer,
      judgeFingerprint: 'test',
      limits: { receiveMs: 300 },
    });
    try {
      // rawHttp resolves when the server closes the connection; without the limit it never would.
      const stalled = parts(await rawHttp(server.url, `${REWARDS_POST}content-length: 1000\r\n\r\n{"items"`));
      assert.equal(stalled.status, 'HTTP/1.1 408 Request Timeout');
      assert.equal(stalled.type, 'timeout');
      assert.equal(stalled.message, 'the request was not received in time; send it again');
    } finally {
      await server.close();
    }
    // The limit is on receiving: a request whose judging takes longer is answered.
    const vlm = await startStandIn({ respond: () => ({ reply: wellFormedReply(7), delayMs: 900 }) });
    const slow = await startRewardServer({
      ...vlmJudge(vlm.baseURL),
      judgeFingerprint: 'test',
      limits: { receiveMs: 300 },
    });
    try {
      const [red, blue] = await Promise.all([sceneDataUrl('#d22b2b'), sceneDataUrl('#2b4fd2')]);
      const item = { source: red, edited: [blue], instruction: RECOLOUR, principles: PRINCIPLES };
      const res = await fetch(`${slow.url}/v1/rewards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ items: [item] }),
      });
      assert.equal(res.status, 200, await res.clone().text());
    } finally {
      await slow.close();
      await vlm.close();
    }
  },
);

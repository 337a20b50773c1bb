import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { FastifyReply } from 'fastify';
import { ClientGoneError, withRequestSignal } from './request-signal.js';

/** What withRequestSignal reads of a reply: its raw response's 'close' and whether it finished. */
function fakeReply(): { reply: FastifyReply; raw: EventEmitter & { writableFinished: boolean } } {
  const raw = Object.assign(new EventEmitter(), { writableFinished: false });
  return { reply: { raw } as unknown as FastifyReply, raw };
}

describe('withRequestSignal', () => {
  it('leaves the signal of work that succeeded alone, and stops listening to the response', async () => {
    const { reply, raw } = fakeReply();
    let seen: AbortSignal | undefined;
    const result = await withRequestSignal(reply, 60_000, async (signal) => {
      seen = signal;
      return 42;
    });
    assert.equal(result, 42);
    assert.equal(seen?.aborted, false);
    assert.equal(raw.listenerCount('close'), 0);
  });

  it('aborts what is left of work that failed, and the client leaving aborts it with ClientGoneError', async () => {
    const failed = fakeReply();
    let seen: AbortSignal | undefined;
    await assert.rejects(
      withRequestSignal(failed.reply, 60_000, async (signal) => {
        seen = signal;
        throw new Error('one edit failed');
      }),
      /one edit failed/,
    );
    assert.equal(seen?.aborted, true);

    const gone = fakeReply();
    const answer = withRequestSignal(gone.reply, 60_000, (signal) => new Promise(() => (seen = signal)));
    gone.raw.emit('close');
    await assert.rejects(answer, ClientGoneError);
    assert.ok(seen?.reason instanceof ClientGoneError);
  });

  it('answers at the deadline even when the work ignores its signal', async () => {
    const { reply } = fakeReply();
    await assert.rejects(
      withRequestSignal(reply, 20, () => new Promise(() => {})),
      (error: unknown) => (error as { status?: number }).status === 504,
    );
  });
});

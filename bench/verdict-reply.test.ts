import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildJudgeMessages, decomposeByRules, parseJudgeReply } from '../src/index.js';
import type { StandInRequestBody } from '../src/testing/index.js';
import { requestedPrinciples, verdictReply } from './verdict-reply.js';

const INSTRUCTIONS = [
  'Add a red circle in the top left corner',
  'Change the colour of the square to blue',
  'Make the photo warmer',
  'Make the image brighter',
];

/** A chat request body as the backend sends it, from the judge's own prompt builder. */
function requestFor(instruction: string): StandInRequestBody {
  const principles = decomposeByRules(instruction);
  const messages = buildJudgeMessages({
    instruction,
    principles,
    sourceUrl: 'data:image/jpeg;base64,AAAA',
    editedUrl: 'data:image/jpeg;base64,BBBB',
  });
  return {
    model: 'm',
    messages: messages.map((m) =>
      typeof m.content === 'string'
        ? m
        : {
            role: m.role,
            content: m.content.map((p) =>
              p.type === 'image' ? { type: 'image_url', image_url: { url: p.url } } : p,
            ),
          },
    ),
  };
}

test('the principles are read back from a judge request, in order', () => {
  for (const instruction of INSTRUCTIONS) {
    const listed = requestedPrinciples(requestFor(instruction));
    assert.deepEqual(
      listed.map((p) => p.question),
      decomposeByRules(instruction).map((p) => p.question),
    );
  }
});

test('the reply parses strictly, without warnings, with every fourth principle failed', () => {
  for (const instruction of INSTRUCTIONS) {
    const principles = decomposeByRules(instruction);
    const reply = verdictReply(requestedPrinciples(requestFor(instruction)));
    const parsed = parseJudgeReply(reply, principles, { mode: 'strict' });
    assert.deepEqual(parsed.warnings, []);
    // Ten principles: indices 3 and 7 fail, so 8 of 10 pass, average 0.8, final score 8.0.
    assert.deepEqual(
      parsed.points.map((p) => p.score),
      [1, 1, 1, 0, 1, 1, 1, 0, 1, 1],
    );
    assert.equal(parsed.reportedAverage, 0.8);
    assert.equal(parsed.finalScore, 8);
  }
});

test('a request without a principle list is refused, not answered with a guess', () => {
  assert.throws(
    () => requestedPrinciples({ messages: [{ role: 'user', content: 'hello' }] }),
    /Principles, to check in this order/,
  );
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replyText, splitThinking } from './thinking.js';

describe('splitThinking', () => {
  it('gives the whole text when there is no think block', () => {
    assert.deepEqual(splitThinking('<score>7</score>'), { answer: '<score>7</score>', unfinished: false });
  });

  it('gives what follows the last </think>, whatever the case of the tags', () => {
    const raw = '<think>draft <score>2</score></think> second <THINK>more</THINK>\n<score>8</score>';
    assert.deepEqual(splitThinking(raw), { answer: '\n<score>8</score>', unfinished: false });
  });

  it('says the reply is unfinished when a <think> never closes, and gives no answer', () => {
    assert.deepEqual(splitThinking('<think>the cup moved, so <score>9</score> maybe'), {
      answer: '',
      unfinished: true,
    });
  });

  it('reads a closing tag alone (templates that open the block in the prompt) as the end of thinking', () => {
    assert.deepEqual(splitThinking('checking each principle</think>[1, 0]'), {
      answer: '[1, 0]',
      unfinished: false,
    });
  });
});

describe('replyText', () => {
  it('is the content when the server returned no separate thinking', () => {
    assert.equal(replyText({ text: '<score>7</score>', finishReason: 'stop' }), '<score>7</score>');
  });

  it('puts separate thinking back in a closed block before the answer, which splitThinking then reads', () => {
    const text = replyText({ text: '<score>7</score>', finishReason: 'length', reasoning: 'looks fine' });
    assert.equal(text, '<think>\nlooks fine\n</think>\n\n<score>7</score>');
    assert.deepEqual(splitThinking(text), { answer: '\n\n<score>7</score>', unfinished: false });
  });

  it('leaves the block open when the reply was cut off before any answer', () => {
    const text = replyText({ text: '', finishReason: 'length', reasoning: 'first, the cup' });
    assert.equal(text, '<think>\nfirst, the cup');
    assert.equal(splitThinking(text).unfinished, true);
  });
});

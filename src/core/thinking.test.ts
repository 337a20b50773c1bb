import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitThinking } from './thinking.js';

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

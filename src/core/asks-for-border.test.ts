import assert from 'node:assert/strict';
import { test } from 'node:test';
import { asksForBorder } from './asks-for-border.js';

test('instructions asking for a frame, border, padding or vignette are recognised', () => {
  for (const text of [
    'Add a white frame around the photo',
    'Put a thin black border on it',
    'pad the image to a square',
    'Letterbox it for cinema',
    'Add wide margins',
    'Give it a soft vignette',
    'Make it look framed',
  ]) {
    assert.equal(asksForBorder(text), true, text);
  }
});

test('other instructions, and words that merely contain those letters, are not', () => {
  for (const text of [
    'Make the red ball blue',
    'Remove the picture frameless glass',
    'Paddle the boat to the left',
    'Add a borderline case',
  ]) {
    assert.equal(asksForBorder(text), false, text);
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyInstruction } from './classify-instruction.js';

/** One instruction per kind, in the phrasings users write, with what the classifier must read from it. */
const CASES: [string, Record<string, unknown>][] = [
  [
    'Add a giraffe in the field',
    { kind: 'add', target: 'a giraffe', relation: 'in', reference: 'the field' },
  ],
  ['Put a cat on the seat.', { kind: 'add', target: 'a cat', relation: 'on', reference: 'the seat' }],
  [
    'Give the woman a helmet.',
    { kind: 'add', target: 'a helmet', relation: 'given to', reference: 'the woman' },
  ],
  [
    'Have there be a stream running through the field',
    { kind: 'add', target: 'a stream running through the field' },
  ],
  ['Please remove the cup from the table.', { kind: 'remove', subject: 'cup', reference: 'the table' }],
  ['Replace the cat with a dog', { kind: 'replace', subject: 'cat', target: 'a dog' }],
  ['change the bed to a bean bag', { kind: 'replace', subject: 'bed', target: 'a bean bag' }],
  ['Make the hydrant all white.', { kind: 'colour', subject: 'hydrant', target: 'white' }],
  [
    'change the bright lime green curtains to white curtains',
    { kind: 'colour', subject: 'bright lime green curtains', target: 'white' },
  ],
  ['Make the car bright yellow', { kind: 'colour', subject: 'car', target: 'bright yellow' }],
  ['let the table be wooden', { kind: 'material', subject: 'table', target: 'wood' }],
  ['Turn the teddy bear into a bronze statue', { kind: 'material', subject: 'teddy bear', target: 'bronze' }],
  ['Change the background to a snowy beach', { kind: 'background', target: 'a snowy beach' }],
  ['Blur the background', { kind: 'background', target: 'blurred' }],
  ['Turn the photo into a watercolour painting', { kind: 'style', target: 'a watercolour painting' }],
  ['Paint it in the style of Monet', { kind: 'style', target: 'the style of Monet' }],
  [
    'Make it slightly darker',
    { kind: 'tone', tone: { attribute: 'brightness', direction: 'decrease', strength: 'slight' } },
  ],
  [
    'Give the photo a warmer, golden-hour feel',
    { kind: 'tone', tone: { attribute: 'warmth', direction: 'increase', strength: 'normal' } },
  ],
  [
    'Desaturate the image',
    { kind: 'tone', tone: { attribute: 'saturation', direction: 'decrease', strength: 'normal' } },
  ],
  ['Convert the image to black and white', { kind: 'tone', grayscale: true }],
  [
    'Change the sign to say "OPEN"',
    { kind: 'text', subject: 'sign', text: { surface: 'sign', new: 'OPEN' } },
  ],
  [
    'Replace the text "CLOSED" with "OPEN" on the door',
    { kind: 'text', text: { surface: 'door', old: 'CLOSED', new: 'OPEN' } },
  ],
  ["add the text 'SALE' to the poster", { kind: 'text', text: { surface: 'poster', new: 'SALE' } }],
  [
    'Move the cup to the left of the remote',
    { kind: 'position', subject: 'cup', relation: 'to the left of', reference: 'the remote' },
  ],
  [
    "Move the watering can to the woman's left side",
    { kind: 'position', subject: 'watering can', personSide: { person: 'the woman', side: 'left' } },
  ],
  ['Move the lamp to the far right', { kind: 'position', subject: 'lamp', relation: 'to the far right' }],
  ['Make the cactus twice as large', { kind: 'size', subject: 'cactus', size: 'larger' }],
  ['Shrink the car', { kind: 'size', subject: 'car', size: 'smaller' }],
  [
    'Make the man raise his right hand to wave',
    {
      kind: 'action',
      subject: 'man',
      action: 'raising his right hand to wave',
      personSide: { person: 'the man', side: 'right' },
    },
  ],
  ['Have the dog sit down', { kind: 'action', subject: 'dog', action: 'sitting down' }],
  ['Add two more donuts to the plate', { kind: 'count', count: { mode: 'more', n: 2, noun: 'donuts' } }],
  [
    'Remove two of the birds so only three remain',
    { kind: 'count', count: { mode: 'exactly', n: 3, noun: 'birds' } },
  ],
  ['let the laptop screen be blank', { kind: 'generic', subject: 'laptop screen', target: 'blank' }],
  ['Repair the floor.', { kind: 'generic' }],
  ['Make the sky look stormy', { kind: 'generic', subject: 'sky', target: 'stormy' }],
  ['Make the cat look at the camera', { kind: 'action', subject: 'cat', action: 'looking at the camera' }],
  ['Please, make it brighter', { kind: 'tone', instruction: 'make it brighter' }],
];

describe('classifyInstruction', () => {
  for (const [instruction, expected] of CASES) {
    it(`reads "${instruction}"`, () => {
      const analysis = classifyInstruction(instruction);
      for (const [key, value] of Object.entries(expected)) {
        assert.deepEqual(analysis[key as keyof typeof analysis], value, `${key} of "${instruction}"`);
      }
    });
  }

  it('keeps local edits that mention colour words or the background out of the global kinds', () => {
    assert.equal(classifyInstruction('Add a black and white cat').kind, 'add');
    assert.equal(classifyInstruction('Make the cat black and white').kind, 'colour');
    assert.equal(classifyInstruction('Add a giraffe in the background').kind, 'add');
    assert.equal(classifyInstruction('Darken the sky').kind, 'colour');
  });

  it('does not read "put the X on <ground>" as a move', () => {
    assert.equal(classifyInstruction('Put the hydrant on asphalt.').kind, 'generic');
    assert.equal(classifyInstruction('Put the book on the table').kind, 'position');
  });

  it('strips politeness and end punctuation but keeps the quoted text exact', () => {
    const a = classifyInstruction('  Please, could you  write "Hello, World!" on the board please.');
    assert.equal(a.text?.new, 'Hello, World!');
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SceneGraph } from '../../core/index.js';
import type { ParsedScene } from '../../rrm/index.js';
import { renderScene } from '../../world/index.js';
import { ADDED_SIZE, applyProgram, objectSeenAt } from './apply-program.js';
import { programMask } from './edit-program.js';

const source: SceneGraph = {
  background: { color: 'cream', texture: 'plain' },
  objects: [
    { id: 'o1', shape: 'circle', color: 'red', pattern: 'solid', x: 0.25, y: 0.3, size: 0.1 },
    { id: 'o2', shape: 'square', color: 'blue', pattern: 'striped', x: 0.7, y: 0.7, size: 0.12 },
  ],
  sign: { text: 'AB', x: 0.5, y: 0.85, height: 0.1 },
  tone: { brightness: 0, warmth: 0, saturation: 0 },
};
// The parser lists objects in its own order: here the square first, positions a little off.
const seen: ParsedScene = {
  width: 128,
  height: 128,
  background: { color: 'cream', rgb: [244, 236, 212] },
  objects: [
    { shape: 'square', color: 'blue', pattern: 'striped', x: 0.69, y: 0.71, size: 0.12, area: 0.05 },
    { shape: 'circle', color: 'red', pattern: 'solid', x: 0.26, y: 0.3, size: 0.1, area: 0.03 },
  ],
  sign: null,
};

describe('applyProgram', () => {
  it('maps a parsed object to the true object nearest its centre', () => {
    assert.equal(objectSeenAt(source, seen, 0)?.id, 'o2');
    assert.equal(objectSeenAt(source, seen, 1)?.id, 'o1');
    assert.equal(objectSeenAt(source, seen, 2), null);
  });

  it('recolours, repatterns and replaces the seen object only, keeping its id', () => {
    const recoloured = applyProgram(source, seen, '', { op: 'recolor', object: 1, color: 'green' });
    assert.deepEqual(
      recoloured.objects.map((o) => [o.id, o.color]),
      [
        ['o1', 'green'],
        ['o2', 'blue'],
      ],
    );
    const replaced = applyProgram(source, seen, '', {
      op: 'replace',
      object: 0,
      shape: 'star',
      color: 'pink',
    });
    assert.deepEqual(replaced.objects[1], {
      ...source.objects[1]!,
      shape: 'star',
      color: 'pink',
      pattern: 'solid',
    });
    assert.equal(
      applyProgram(source, seen, '', { op: 'repattern', object: 1, pattern: 'dotted' }).objects[0]!.pattern,
      'dotted',
    );
  });

  it('moves by dx/dy clamped to the frame, resizes by exp(logScale)', () => {
    const moved = applyProgram(source, seen, '', { op: 'move', object: 1, dx: -0.5, dy: 0.2 });
    assert.deepEqual([moved.objects[0]!.x, moved.objects[0]!.y], [0, 0.5]);
    const resized = applyProgram(source, seen, '', { op: 'resize', object: 0, logScale: Math.log(1.5) });
    assert.equal(resized.objects[1]!.size, 0.18);
    const huge = applyProgram(source, seen, '', { op: 'resize', object: 0, logScale: 5 });
    assert.equal(huge.objects[1]!.size, 0.5);
  });

  it('removes, adds at 0.5 + offset, recolours the background, shifts the tone and clamps it', () => {
    assert.deepEqual(
      applyProgram(source, seen, '', { op: 'remove', object: 0 }).objects.map((o) => o.id),
      ['o1'],
    );
    const added = applyProgram(source, seen, '', {
      op: 'add',
      shape: 'hexagon',
      color: 'yellow',
      pattern: 'solid',
      dx: 0.1,
      dy: -0.2,
    });
    assert.deepEqual(added.objects[2], {
      id: 'edit1',
      shape: 'hexagon',
      color: 'yellow',
      pattern: 'solid',
      x: 0.6,
      y: 0.3,
      size: ADDED_SIZE,
    });
    assert.equal(
      applyProgram(source, seen, '', { op: 'background', background: 'mint' }).background.color,
      'mint',
    );
    const warmer = applyProgram(source, seen, '', { op: 'tone', toneAttribute: 'warmth', toneDelta: 1.7 });
    assert.deepEqual(warmer.tone, { brightness: 0, warmth: 1, saturation: 0 });
  });

  it('writes the quoted text on the sign, and leaves the scene as it was when it cannot apply', () => {
    assert.equal(applyProgram(source, seen, 'Make the sign say "OPEN"', { op: 'retext' }).sign?.text, 'OPEN');
    assert.deepEqual(applyProgram(source, seen, 'make it brighter', { op: 'retext' }), source);
    assert.deepEqual(applyProgram(source, seen, '', { op: 'noop' }), source);
    assert.deepEqual(applyProgram({ ...source, sign: null }, seen, '"OPEN"', { op: 'retext' }).sign, null);
  });

  it('is deterministic and never changes the source; the edit renders to the same bytes twice', async () => {
    const before = structuredClone(source);
    const program = { op: 'move', object: 0, dx: -0.3, dy: 0 } as const;
    const a = applyProgram(source, seen, '', program);
    const b = applyProgram(source, seen, '', program);
    assert.deepEqual(a, b);
    assert.deepEqual(source, before);
    const [x, y, original] = await Promise.all([
      renderScene(a, { size: 128 }),
      renderScene(b, { size: 128 }),
      renderScene(source, { size: 128 }),
    ]);
    assert.ok(x.equals(y));
    assert.ok(!x.equals(original), 'the moved square changes the picture');
  });
});

describe('programMask', () => {
  it('marks the operation and the decisions it uses, without the object when none was seen', () => {
    assert.deepEqual(programMask('move', 2), [1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
    assert.deepEqual(programMask('move', 0), [1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0]);
    assert.deepEqual(programMask('noop', 3), [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(programMask('add', 3), [1, 0, 1, 1, 1, 0, 0, 1, 1, 0, 0]);
  });
});

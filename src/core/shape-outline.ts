import type { ShapeName } from './scene.js';

/** A closed polygon in unit coordinates: centred on (0, 0), circumradius 1, y pointing down. */
export type Outline = ReadonlyArray<readonly [number, number]>;

function regular(sides: number, startAngle: number, radius = 1): Array<[number, number]> {
  return Array.from({ length: sides }, (_, i) => {
    const a = startAngle + (2 * Math.PI * i) / sides;
    return [radius * Math.cos(a), radius * Math.sin(a)];
  });
}

/** Five points; the inner radius (0.45) keeps the arms thick enough to survive a 64 px render. */
function star(): Array<[number, number]> {
  const outer = regular(5, -Math.PI / 2);
  const inner = regular(5, -Math.PI / 2 + Math.PI / 5, 0.45);
  return outer.flatMap((p, i) => [p, inner[i]!]);
}

/** A plus sign whose arms are 0.4 of the extent wide. */
function cross(): Array<[number, number]> {
  const a = 0.2 * Math.SQRT2; // arm half-width, so the arm ends sit on the circumcircle
  const b = Math.sqrt(1 - a * a);
  return [
    [-a, -b],
    [a, -b],
    [a, -a],
    [b, -a],
    [b, a],
    [a, a],
    [a, b],
    [-a, b],
    [-a, a],
    [-b, a],
    [-b, -a],
    [-a, -a],
  ];
}

/**
 * The outline of each shape, upright (point up for triangle and star, corners on the axes for the
 * diamond, sides axis-aligned for the square). A circle is a 96-gon: finer than any pixel grid we
 * render at up to 1024 px with an object size of at most half the side.
 */
export function shapeOutline(shape: ShapeName): Outline {
  switch (shape) {
    case 'circle':
      return regular(96, 0);
    case 'square':
      return regular(4, Math.PI / 4);
    case 'triangle':
      return regular(3, -Math.PI / 2);
    case 'diamond':
      return regular(4, -Math.PI / 2);
    case 'hexagon':
      return regular(6, 0);
    case 'star':
      return star();
    case 'cross':
      return cross();
  }
}

/** Area of an outline (shoelace), in units of the circumradius squared: the share a shape fills of its box. */
export function outlineArea(outline: Outline): number {
  let twice = 0;
  for (let i = 0; i < outline.length; i++) {
    const [x0, y0] = outline[i]!;
    const [x1, y1] = outline[(i + 1) % outline.length]!;
    twice += x0 * y1 - x1 * y0;
  }
  return Math.abs(twice) / 2;
}

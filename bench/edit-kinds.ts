import type { Rng } from '../src/index.js';
import { contains, type Canvas, type Rgb, type Shape } from './scene.js';

const COLOURS: Record<string, Rgb> = {
  red: [205, 35, 40],
  green: [40, 170, 60],
  blue: [35, 70, 200],
  yellow: [235, 210, 40],
  purple: [130, 50, 160],
  orange: [240, 130, 30],
};
const COLOUR_NAMES = Object.keys(COLOURS);
const CORNERS = ['top left', 'top right', 'bottom left', 'bottom right'] as const;

/** One (source, instruction) task: the instruction, and a painter for candidate edits of it. */
export interface EditTask {
  instruction: string;
  /** Paints candidate `index` into `canvas` (a copy of the source); no two candidates are alike. */
  paint(canvas: Canvas, rng: Rng, index: number): void;
}

/** Blends `colour` over a shape, keeping the texture underneath (as a real edit would); visits its bounding box only. */
function tint(canvas: Canvas, shape: Shape, colour: Rgb, opacity: number): void {
  const { side, data } = canvas;
  const clip = (n: number) => Math.max(0, Math.min(side - 1, Math.round(n)));
  for (let y = clip(shape.cy - shape.r); y <= clip(shape.cy + shape.r); y++) {
    for (let x = clip(shape.cx - shape.r); x <= clip(shape.cx + shape.r); x++) {
      if (!contains(shape, x, y)) continue;
      const p = (y * side + x) * 3;
      for (let c = 0; c < 3; c++) data[p + c] = data[p + c]! * (1 - opacity) + colour[c]! * opacity;
    }
  }
}

/** Adds `delta` per channel to every pixel, through a clamped lookup table per channel. */
function shift(canvas: Canvas, delta: Rgb): void {
  const { data } = canvas;
  const luts = delta.map((d) => Uint8ClampedArray.from({ length: 256 }, (_, v) => v + d));
  const [r, g, b] = luts as [Uint8ClampedArray, Uint8ClampedArray, Uint8ClampedArray];
  for (let p = 0; p < data.length; p += 3) {
    data[p] = r[data[p]!]!;
    data[p + 1] = g[data[p + 1]!]!;
    data[p + 2] = b[data[p + 2]!]!;
  }
}

const jitter = (colour: Rgb, rng: Rng): Rgb => [
  colour[0] + rng.int(-25, 25),
  colour[1] + rng.int(-25, 25),
  colour[2] + rng.int(-25, 25),
];

/**
 * The instructions a source can get, one row each: a local addition, a recolour of the subject, and
 * two global tone changes. Each makes edits of the kind the rule decomposer writes ten principles for.
 */
const TASKS: ((rng: Rng, subject: Shape, side: number) => EditTask)[] = [
  (rng, _subject, side) => {
    const name = COLOUR_NAMES[rng.int(0, COLOUR_NAMES.length - 1)]!;
    const corner = CORNERS[rng.int(0, CORNERS.length - 1)]!;
    return {
      instruction: `Add a ${name} circle in the ${corner} corner`,
      paint(canvas, edit) {
        const r = side * (0.06 + 0.06 * edit.next());
        const inset = r + side * 0.1 * edit.next();
        const added: Shape = {
          kind: 'circle',
          cx: corner.endsWith('left') ? inset : side - inset,
          cy: corner.startsWith('top') ? inset : side - inset,
          r,
          colour: jitter(COLOURS[name]!, edit),
        };
        tint(canvas, added, added.colour, 0.85);
      },
    };
  },
  (rng, subject) => {
    const name = COLOUR_NAMES[rng.int(0, COLOUR_NAMES.length - 1)]!;
    return {
      instruction: `Change the colour of the ${subject.kind} to ${name}`,
      paint(canvas, edit) {
        tint(canvas, subject, jitter(COLOURS[name]!, edit), 0.6 + 0.3 * edit.next());
      },
    };
  },
  () => ({
    instruction: 'Make the photo warmer',
    paint(canvas, edit, index) {
      // Strengths three apart per candidate: equal strengths would make byte-identical files.
      const d = 6 + 3 * index + edit.int(0, 2);
      shift(canvas, [d, d / 3, -d]);
    },
  }),
  () => ({
    instruction: 'Make the image brighter',
    paint(canvas, edit, index) {
      const d = 8 + 3 * index + edit.int(0, 2);
      shift(canvas, [d, d, d]);
    },
  }),
];

/** Draws the instruction for a source. */
export function drawTask(rng: Rng, subject: Shape, side: number): EditTask {
  return TASKS[rng.int(0, TASKS.length - 1)]!(rng, subject, side);
}

import {
  BACKGROUND_COLOR_NAMES,
  OBJECT_COLOR_NAMES,
  PATTERNS,
  SHAPES,
  UsageError,
} from '../../core/index.js';
import { EDIT_OPS, OP_STEPS, type EditProgram } from './edit-program.js';
import { CATEGORICAL_HEADS, GAUSSIAN_HEADS } from './editor-network.js';
import { OBJECT_SLOTS } from './task-features.js';

/** The values each categorical head picks among, by index. */
export const CATEGORICAL_VALUES = {
  color: OBJECT_COLOR_NAMES,
  shape: SHAPES,
  pattern: PATTERNS,
  background: BACKGROUND_COLOR_NAMES,
  toneAttribute: ['brightness', 'warmth', 'saturation'],
} as const;

/** A program as head indices and values; unused decisions are 0 (their columns are masked). */
export interface ProgramCode {
  op: number;
  object: number;
  categorical: number[];
  gaussian: number[];
}

/** The program as the network's indices; throws a UsageError on a program no head could emit. */
export function encodeProgram(program: EditProgram, objectsSeen: number): ProgramCode {
  const op = EDIT_OPS.indexOf(program.op);
  if (op < 0)
    throw new UsageError(`unknown edit operation '${program.op}': use one of ${EDIT_OPS.join(', ')}`);
  const uses = new Set(OP_STEPS[program.op]);
  const wantsObject = uses.has('object') && objectsSeen > 0;
  if (wantsObject !== (program.object !== undefined)) {
    throw new UsageError(
      `a '${program.op}' program over a scene with ${objectsSeen} seen objects ${wantsObject ? 'needs' : 'takes no'} an object index`,
    );
  }
  const object = program.object ?? 0;
  const seen = Math.min(objectsSeen, OBJECT_SLOTS);
  if (wantsObject && !(Number.isInteger(object) && object >= 0 && object < seen)) {
    throw new UsageError(`object index ${object} is not one of the ${seen} objects seen (0 .. ${seen - 1})`);
  }
  const categorical = CATEGORICAL_HEADS.map(([step]) => {
    if (!uses.has(step)) return 0;
    const value = program[step];
    const index = (CATEGORICAL_VALUES[step] as readonly string[]).indexOf(value ?? '');
    if (index < 0)
      throw new UsageError(`a '${program.op}' program needs ${step} from the vocabulary, got ${value}`);
    return index;
  });
  const gaussian = GAUSSIAN_HEADS.map(([step]) => {
    if (!uses.has(step)) return 0;
    const value = program[step];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new UsageError(`a '${program.op}' program needs a finite ${step}, got ${value}`);
    }
    return value;
  });
  return { op, object, categorical, gaussian };
}

/** The program the head indices and values stand for, with only the fields its operation uses. */
export function decodeProgram(code: ProgramCode, objectsSeen: number): EditProgram {
  const op = EDIT_OPS[code.op]!;
  const uses = new Set(OP_STEPS[op]);
  const program: Record<string, unknown> = { op };
  if (uses.has('object') && objectsSeen > 0) program.object = code.object;
  CATEGORICAL_HEADS.forEach(([step], i) => {
    if (uses.has(step)) program[step] = CATEGORICAL_VALUES[step][code.categorical[i]!];
  });
  GAUSSIAN_HEADS.forEach(([step], i) => {
    if (uses.has(step)) program[step] = code.gaussian[i];
  });
  return program as unknown as EditProgram;
}

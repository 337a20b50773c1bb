import type { SceneGraph, SceneObject } from '../../core/index.js';
import type { ParsedScene } from '../../rrm/index.js';
import type { EditProgram } from './edit-program.js';

/** Sizes an edit may give an object: visible at 64 px, and within the schema's 0.5. */
const SIZE_LIMITS = [0.02, 0.5] as const;
/** An added object's size: the middle of what EditWorld's add edits draw (0.08-0.13). */
export const ADDED_SIZE = 0.1;
const MAX_OBJECTS = 8;
/** Sign text the schema accepts, as instructions quote it ("make the sign say \"OPEN\""). */
const QUOTED_TEXT = /"([A-Z0-9]{1,8})"/;

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/**
 * The true object the policy meant by parsed object `index`: the one whose centre is nearest the
 * parsed centre. The policy sees pixels; the edit is made on the scene graph, so ids survive and the
 * oracle can compare the result with the target object by object.
 */
export function objectSeenAt(source: SceneGraph, seen: ParsedScene, index: number): SceneObject | null {
  const parsed = seen.objects[index];
  if (!parsed || source.objects.length === 0) return null;
  const distance = (o: SceneObject) => (o.x - parsed.x) ** 2 + (o.y - parsed.y) ** 2;
  return source.objects.reduce((best, o) => (distance(o) < distance(best) ? o : best));
}

/** An id the scene does not use yet. */
function newId(scene: SceneGraph): string {
  const taken = new Set(scene.objects.map((o) => o.id));
  let i = 1;
  while (taken.has(`edit${i}`)) i++;
  return `edit${i}`;
}

/**
 * The source scene with the program applied: deterministic, never throws on a well-formed program,
 * and always a valid scene graph (values are clamped to the schema; an operation that cannot apply,
 * such as removing from an empty scene or writing a sign that is not there, leaves the scene as it
 * was, which the judges' identical-edit rule scores 0).
 */
export function applyProgram(
  source: SceneGraph,
  seen: ParsedScene,
  instruction: string,
  program: EditProgram,
): SceneGraph {
  const scene = structuredClone(source);
  const target = program.object === undefined ? null : objectSeenAt(scene, seen, program.object);
  const patch = (changes: Partial<SceneObject>) => {
    if (target) Object.assign(target, changes);
  };
  switch (program.op) {
    case 'noop':
      break;
    case 'recolor':
      patch({ color: program.color! });
      break;
    case 'repattern':
      patch({ pattern: program.pattern! });
      break;
    case 'replace':
      patch({ shape: program.shape!, color: program.color!, pattern: 'solid' });
      break;
    case 'move':
      if (target)
        patch({
          x: round4(clamp(target.x + program.dx!, 0, 1)),
          y: round4(clamp(target.y + program.dy!, 0, 1)),
        });
      break;
    case 'resize':
      if (target) patch({ size: round4(clamp(target.size * Math.exp(program.logScale!), ...SIZE_LIMITS)) });
      break;
    case 'remove':
      if (target) scene.objects = scene.objects.filter((o) => o !== target);
      break;
    case 'add':
      if (scene.objects.length < MAX_OBJECTS) {
        scene.objects.push({
          id: newId(scene),
          shape: program.shape!,
          color: program.color!,
          pattern: program.pattern!,
          x: round4(clamp(0.5 + program.dx!, 0, 1)),
          y: round4(clamp(0.5 + program.dy!, 0, 1)),
          size: ADDED_SIZE,
        });
      }
      break;
    case 'background':
      scene.background.color = program.background!;
      break;
    case 'tone': {
      const key = program.toneAttribute!;
      scene.tone[key] = round4(clamp(scene.tone[key] + program.toneDelta!, -1, 1));
      break;
    }
    case 'retext': {
      const text = QUOTED_TEXT.exec(instruction)?.[1];
      if (scene.sign && text) scene.sign.text = text;
      break;
    }
  }
  return scene;
}

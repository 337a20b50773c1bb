import {
  describeRef,
  matchesRef,
  type ObjectRef,
  type Principle,
  type SceneGraph,
} from '../../core/index.js';
import { numberWord, pluralWords } from './phrasing.js';
import { follow } from './principles.js';

/** "red circles", "circles", "red objects". */
function plural(ref: ObjectRef): string {
  return ref.shape ? pluralWords(ref.color ?? '', ref.shape).trim() : `${describeRef(ref)}s`;
}

/**
 * "Are there now exactly three red objects (there were two)?" / "Is there no circle left?": a count
 * the edit implies for what the reference names, so a judge also checks that nothing else of that
 * kind came or went. `source` is the scene before the edit.
 */
export function impliedCount(source: SceneGraph, ref: ObjectRef, count: number): Principle {
  if (count === 0) {
    return follow(`Is there no ${describeRef(ref)} left in the picture?`, {
      kind: 'object-absent',
      target: ref,
    });
  }
  const before = source.objects.filter((o) => matchesRef(o, ref)).length;
  const question =
    count === 1
      ? `Is there exactly one ${describeRef(ref)} in the picture now?`
      : `Are there now exactly ${numberWord(count)} ${plural(ref)} in the picture (there were ${numberWord(before)})?`;
  return follow(question, { kind: 'object-count', target: ref, count });
}

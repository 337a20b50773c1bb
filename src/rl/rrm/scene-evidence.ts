import { matchesRef, type ObjectRef } from '../../core/index.js';
import { matchObjects } from '../../rrm/index.js';
import type { ParsedObject, ParsedScene } from '../../rrm/index.js';

/** Both images as the embedded judge's scene parser reads them, with each source object's counterpart. */
export interface ScenePair {
  source: ParsedScene;
  edited: ParsedScene;
  /** Per source object, the index of its counterpart in the edited scene, or -1. */
  counterpart: number[];
}

export function pairScenes(source: ParsedScene, edited: ParsedScene): ScenePair {
  return { source, edited, counterpart: matchObjects(source.objects, edited.objects) };
}

const count = (objects: readonly ParsedObject[], ref: ObjectRef): number =>
  objects.filter((o) => matchesRef(o, ref)).length;

/** The first source object the reference names and what became of it (null when none is named or it is gone). */
export function tracked(
  pair: ScenePair,
  ref: ObjectRef,
): { before: ParsedObject; after: ParsedObject | null } | null {
  const i = pair.source.objects.findIndex((o) => matchesRef(o, ref));
  if (i < 0) return null;
  const j = pair.counterpart[i]!;
  return { before: pair.source.objects[i]!, after: j >= 0 ? pair.edited.objects[j]! : null };
}

/** How many objects the reference names, before and after. */
export function refCounts(pair: ScenePair, ref: ObjectRef): { source: number; edited: number } {
  return { source: count(pair.source.objects, ref), edited: count(pair.edited.objects, ref) };
}

/** Aspects an objects-kept check compares: what held for each source object none of `except` names. */
export function keptShares(
  pair: ScenePair,
  except: readonly ObjectRef[],
): {
  kept: number;
  added: number;
  shape: number;
  color: number;
  pattern: number;
  position: number;
  size: number;
} {
  const named = (o: ParsedObject) => except.some((r) => matchesRef(o, r));
  const tally = { kept: 0, shape: 0, color: 0, pattern: 0, position: 0, size: 0 };
  let others = 0;
  pair.source.objects.forEach((o, i) => {
    if (named(o)) return;
    others++;
    const j = pair.counterpart[i]!;
    if (j < 0) return;
    const e = pair.edited.objects[j]!;
    tally.kept++;
    if (e.shape === o.shape) tally.shape++;
    if (e.color === o.color) tally.color++;
    if (e.pattern === o.pattern) tally.pattern++;
    if (Math.hypot(e.x - o.x, e.y - o.y) <= 0.05) tally.position++;
    if (Math.abs(e.size / o.size - 1) <= 0.2) tally.size++;
  });
  const matched = new Set(pair.counterpart.filter((j) => j >= 0));
  const added = pair.edited.objects.filter((o, j) => !matched.has(j) && !named(o)).length;
  const share = (v: number) => (others === 0 ? 1 : v / others);
  return {
    kept: share(tally.kept),
    added,
    shape: share(tally.shape),
    color: share(tally.color),
    pattern: share(tally.pattern),
    position: share(tally.position),
    size: share(tally.size),
  };
}

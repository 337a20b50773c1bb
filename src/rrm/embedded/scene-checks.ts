import { describeRef, matchesRef, type ObjectRef } from '../../core/index.js';
import { decide, fmt, needsVlm, pct, type CheckEvaluator } from './check-result.js';
import { matchObjects } from './scene/match-objects.js';
import { patternDecided } from './scene/pattern-certainty.js';
import type { ParsedObject, ParsedScene } from './scene/types.js';

/** Within this distance (share of the side) an edited object counts as the same place as a source one. */
export const KEPT_POSITION = 0.05;
/** Within this relative change of size an object counts as the same size. */
export const KEPT_SIZE = 0.2;
/** An object recoloured, re-patterned or replaced stays this close (share of the side) to where it was. */
export const IN_PLACE = 0.1;

const describe = (o: ParsedObject): string =>
  `${o.pattern} ${o.color} ${o.shape} at (${fmt(o.x)}, ${fmt(o.y)}) size ${fmt(o.size)}`;

const listed = (objects: readonly ParsedObject[]): string =>
  objects.length === 0 ? 'no objects' : objects.map(describe).join('; ');

const distance = (a: ParsedObject, b: ParsedObject): number => Math.hypot(a.x - b.x, a.y - b.y);

/** The candidate nearest `to` in position, then in size. */
function nearest(to: ParsedObject, candidates: readonly ParsedObject[]): ParsedObject | undefined {
  let best: ParsedObject | undefined;
  for (const c of candidates) {
    if (
      best === undefined ||
      distance(c, to) < distance(best, to) - 1e-9 ||
      (Math.abs(distance(c, to) - distance(best, to)) <= 1e-9 &&
        Math.abs(c.size - to.size) < Math.abs(best.size - to.size))
    ) {
      best = c;
    }
  }
  return best;
}

/**
 * Whether an object matches a reference, its pattern left out when the parser could not read it for
 * sure (black ink, small dots under blur, JPEG blocks): such an object is not known to differ.
 */
function matchesAsRead(o: ParsedObject, ref: ObjectRef): boolean {
  if (ref.pattern === undefined || patternDecided(o)) return matchesRef(o, ref);
  const { pattern: _pattern, ...rest } = ref;
  return rest.shape === undefined && rest.color === undefined ? true : matchesRef(o, rest);
}

/** The source object a reference names, or why the parser could not find it (a miss is not a verdict). */
function sourceTarget(source: ParsedScene, ref: ObjectRef): ParsedObject | string {
  const exact = source.objects.filter((o) => matchesRef(o, ref));
  const found = exact.length > 0 ? exact : source.objects.filter((o) => matchesAsRead(o, ref));
  if (found.length === 0) {
    return `no object in the source reads as the ${describeRef(ref)} (parsed: ${listed(source.objects)})`;
  }
  return found.sort((a, b) => b.area - a.area)[0]!;
}

export const evaluateObjectBecomes: CheckEvaluator<'object-becomes'> = async (check, context) => {
  const target = sourceTarget(await context.readScene('source'), check.target);
  if (typeof target === 'string') return needsVlm(target);
  const edited = await context.readScene('edited');
  const now = nearest(target, edited.objects);
  const where = `the ${describeRef(check.target)} (${describe(target)})`;
  if (now === undefined || distance(now, target) > IN_PLACE) {
    return decide(
      false,
      `no object within ${fmt(IN_PLACE)} of ${where} in the edited image (nearest: ${now ? `${describe(now)}, ${fmt(distance(now, target))} away` : 'none'})`,
    );
  }
  return decide(
    matchesAsRead(now, check.becomes),
    `${where} now reads as ${describe(now)} (needed: ${describeRef(check.becomes)})`,
  );
};

export const evaluateObjectPresent: CheckEvaluator<'object-present'> = async (check, context) => {
  const edited = await context.readScene('edited');
  const found = edited.objects.filter((o) => matchesRef(o, check.target));
  return decide(
    found.length > 0,
    `${found.length} object(s) read as the ${describeRef(check.target)} in the edited image (needed >= 1; parsed: ${listed(edited.objects)})`,
  );
};

export const evaluateObjectAbsent: CheckEvaluator<'object-absent'> = async (check, context) => {
  const edited = await context.readScene('edited');
  const found = edited.objects.filter((o) => matchesRef(o, check.target));
  return decide(
    found.length === 0,
    `${found.length} object(s) read as the ${describeRef(check.target)} in the edited image (needed 0${found.length > 0 ? `: ${listed(found)}` : ''})`,
  );
};

export const evaluateObjectCount: CheckEvaluator<'object-count'> = async (check, context) => {
  const edited = await context.readScene('edited');
  const found = edited.objects.filter((o) => matchesRef(o, check.target)).length;
  return decide(
    found === check.count,
    `${found} object(s) read as the ${describeRef(check.target)} in the edited image (needed exactly ${check.count})`,
  );
};

/** The source target and its counterpart in the edited image: the nearest object that still matches the reference. */
async function followTarget(
  ref: ObjectRef,
  context: Parameters<CheckEvaluator<'object-moved'>>[1],
): Promise<
  { before: ParsedObject; after: ParsedObject } | string | { before: ParsedObject; missing: string }
> {
  const before = sourceTarget(await context.readScene('source'), ref);
  if (typeof before === 'string') return before;
  const edited = await context.readScene('edited');
  const after = nearest(
    before,
    edited.objects.filter((o) => matchesAsRead(o, ref) && o.shape === before.shape),
  );
  if (after === undefined) {
    return {
      before,
      missing: `no object in the edited image reads as the ${describeRef(ref)} with its ${before.shape} shape (parsed: ${listed(edited.objects)})`,
    };
  }
  return { before, after };
}

const SHIFT_OF = {
  left: (dx: number) => -dx,
  right: (dx: number) => dx,
  up: (_dx: number, dy: number) => -dy,
  down: (_dx: number, dy: number) => dy,
} as const;

export const evaluateObjectMoved: CheckEvaluator<'object-moved'> = async (check, context) => {
  const pair = await followTarget(check.target, context);
  if (typeof pair === 'string') return needsVlm(pair);
  if ('missing' in pair) return decide(false, pair.missing);
  const { before, after } = pair;
  const shift = SHIFT_OF[check.direction](after.x - before.x, after.y - before.y);
  return decide(
    shift >= check.minShift,
    `the ${describeRef(check.target)} moved ${fmt(shift)} of the side ${check.direction} (needed >= ${fmt(check.minShift)}): (${fmt(before.x)}, ${fmt(before.y)}) -> (${fmt(after.x)}, ${fmt(after.y)})`,
  );
};

export const evaluateObjectResized: CheckEvaluator<'object-resized'> = async (check, context) => {
  const pair = await followTarget(check.target, context);
  if (typeof pair === 'string') return needsVlm(pair);
  if ('missing' in pair) return decide(false, pair.missing);
  const ratio = pair.after.size / pair.before.size;
  const passed = check.direction === 'larger' ? ratio >= check.minRatio : ratio <= 1 / check.minRatio;
  const needed = check.direction === 'larger' ? `>= ${fmt(check.minRatio)}` : `<= ${fmt(1 / check.minRatio)}`;
  return decide(
    passed,
    `the ${describeRef(check.target)}'s size went ${fmt(pair.before.size)} -> ${fmt(pair.after.size)}, a ratio of ${fmt(ratio)} (needed ${needed})`,
  );
};

type Aspect = Parameters<CheckEvaluator<'objects-kept'>>[0]['aspects'][number];

/** What differs between a kept object and its counterpart, in the aspects asked about. */
function differences(before: ParsedObject, after: ParsedObject, aspects: readonly Aspect[]): string[] {
  const out: string[] = [];
  for (const aspect of aspects) {
    if (aspect === 'position' && distance(before, after) > KEPT_POSITION) {
      out.push(`moved ${fmt(distance(before, after))} (allowed <= ${fmt(KEPT_POSITION)})`);
    } else if (aspect === 'size' && Math.abs(after.size / before.size - 1) > KEPT_SIZE) {
      out.push(`size changed ${pct(after.size / before.size - 1)} (allowed +-${pct(KEPT_SIZE)})`);
    } else if ((aspect === 'shape' || aspect === 'color') && before[aspect] !== after[aspect]) {
      out.push(`${aspect} ${before[aspect]} -> ${after[aspect]}`);
    } else if (aspect === 'pattern' && before.pattern !== after.pattern) {
      // Compared only where both readings are decisive: an unreadable pattern is not a changed one.
      if (patternDecided(before) && patternDecided(after))
        out.push(`pattern ${before.pattern} -> ${after.pattern}`);
    }
  }
  return out;
}

/**
 * Source objects none of `except` names are paired with edited objects by the least total distance
 * (scene/match-objects.ts) and each pair must agree in the asked aspects; an edited object left
 * unpaired is new, allowed only when an `except` reference names it or it stands where an excepted
 * source object stood (that object, recoloured or replaced).
 */
export const evaluateObjectsKept: CheckEvaluator<'objects-kept'> = async (check, context) => {
  const source = await context.readScene('source');
  const edited = await context.readScene('edited');
  const excepted = (o: ParsedObject): boolean => check.except.some((ref) => matchesRef(o, ref));
  const kept = source.objects.filter((o) => !excepted(o));
  const pairs = matchObjects(kept, edited.objects);
  const problems: string[] = [];
  // Weighed as the final score's rubric reads them (final-score.ts): a kept object altered or lost 1,
  // an object nobody asked for 2 (a hallucination).
  let unrequested = 0;
  kept.forEach((before, i) => {
    const after = edited.objects[pairs[i]!];
    if (after === undefined) {
      problems.push(`the ${describe(before)} is gone`);
      unrequested += 1;
      return;
    }
    const diff = differences(before, after, check.aspects);
    if (diff.length > 0) {
      problems.push(`the ${describe(before)}: ${diff.join(', ')}`);
      unrequested += 1;
    }
  });
  const free = edited.objects.filter((_o, j) => !pairs.includes(j));
  const replaced = source.objects.filter(excepted);
  for (const extra of free) {
    if (excepted(extra)) continue;
    const was = replaced.find((o) => distance(o, extra) <= IN_PLACE);
    if (was) {
      replaced.splice(replaced.indexOf(was), 1);
    } else if (isAttempt(extra, check.except, source.objects, edited.objects)) {
      // The asked object made imperfectly (right shape, wrong shade): the following points judge it.
      continue;
    } else {
      problems.push(`a new ${describe(extra)} appeared`);
      unrequested += 2;
    }
  }
  const checked = `${kept.length} source object(s) checked for ${check.aspects.join(', ')}`;
  if (problems.length === 0) return decide(true, `${checked}: all kept, nothing new`);
  return { ...decide(false, `${checked}: ${problems.join('; ')}`), unrequested };
};

/**
 * Whether a new object is an imperfect try at an object the instruction asks to add: it shares the
 * shape or the colour of an `except` reference that names nothing in the source (so an object to add,
 * not one to change) and that nothing in the edited image matches exactly.
 */
function isAttempt(
  extra: ParsedObject,
  except: readonly ObjectRef[],
  source: readonly ParsedObject[],
  edited: readonly ParsedObject[],
): boolean {
  return except.some(
    (ref) =>
      !source.some((o) => matchesRef(o, ref)) &&
      ((ref.shape !== undefined && ref.shape === extra.shape) ||
        (ref.color !== undefined && ref.color === extra.color)) &&
      !edited.some((o) => matchesRef(o, ref)),
  );
}

export const evaluateBackgroundColor: CheckEvaluator<'background-color'> = async (check, context) => {
  const { background } = await context.readScene('edited');
  return decide(
    background.color === check.color,
    `the edited background reads as ${background.color} (rgb ${background.rgb.map((c) => Math.round(c)).join(', ')}; needed ${check.color})`,
  );
};

export const evaluateBackgroundKept: CheckEvaluator<'background-kept'> = async (_check, context) => {
  const before = (await context.readScene('source')).background;
  const after = (await context.readScene('edited')).background;
  return decide(
    before.color === after.color,
    `the background reads as ${before.color} in the source and ${after.color} in the edited image (needed the same colour; texture not compared)`,
  );
};

import type { SceneGraph } from '../core/index.js';
import { diffScenes } from './editors/index.js';
import { NOTICEABLE_TONE } from './oracle-checks.js';
import type { Artifact } from './types.js';

/** Changes nobody asked for, each weighed: an extra object (a hallucination) or a new background counts 2. */
export function unrequestedChanges(
  source: SceneGraph,
  target: SceneGraph,
  scene: SceneGraph,
): { severity: number; items: string[] } {
  const asked = diffScenes(source, target);
  const made = diffScenes(source, scene);
  const touched = new Set([...asked.changed.map((c) => c.before.id), ...asked.removed.map((o) => o.id)]);
  const targetIds = new Set(target.objects.map((o) => o.id));
  const items: string[] = [];
  let severity = 0;
  const add = (weight: number, what: string) => {
    severity += weight;
    items.push(what);
  };
  for (const { before } of made.changed)
    if (!touched.has(before.id)) add(1, `changed the ${before.color} ${before.shape}`);
  for (const o of made.removed) if (!touched.has(o.id)) add(1, `removed the ${o.color} ${o.shape}`);
  for (const o of made.added) if (!targetIds.has(o.id)) add(2, `added a ${o.color} ${o.shape}`);
  if (made.backgroundChanged && !asked.backgroundChanged) add(2, 'changed the background');
  if (made.signChanged && !asked.signChanged) add(1, 'changed the sign');
  for (const k of ['brightness', 'warmth', 'saturation'] as const) {
    if (asked.tone[k] === 0 && Math.abs(made.tone[k]) >= NOTICEABLE_TONE) add(1, `shifted the ${k}`);
  }
  return { severity, items };
}

/**
 * How damaging the artefacts are, 0-1 (the worst one counts): blur sigma 0.015 of the side, noise
 * 0.1 of the range, a cast of 0.2, saturation x3, or JPEG quality 0 are each fully damaging; JPEG of
 * quality 85 or more is harmless. So blur 0.012 (0.8) weighs twice blur 0.006 (0.4).
 */
export function artifactSeverity(artifacts: readonly Artifact[]): number {
  const one = (a: Artifact): number => {
    switch (a.kind) {
      case 'blur':
        return a.sigma / 0.015;
      case 'noise':
        return a.amount / 0.1;
      case 'jpeg':
        return (85 - a.quality) / 85;
      case 'color-cast':
        return Math.max(...a.rgb.map(Math.abs)) / 0.2;
      case 'oversaturate':
        return (a.factor - 1) / 2;
      case 'white-border':
        return 0;
    }
  };
  return Math.max(0, ...artifacts.map((a) => Math.min(1, Math.max(0, one(a)))));
}

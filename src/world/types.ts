import type { Principle, SceneGraph } from '../core/index.js';

/** Edit categories, named after EditReward-Bench's tasks where one fits. */
export const EDIT_CATEGORIES = [
  'color_alter',
  'subject-add',
  'subject-remove',
  'subject-replace',
  'background_change',
  'motion_change',
  'size_change',
  'text_change',
  'material_alter',
  'tone_transfer',
  'count_change',
] as const;
export type EditCategory = (typeof EDIT_CATEGORIES)[number];

/** An instruction for one source scene, with the scene it asks for and its gold principles. */
export interface WorldEdit {
  category: EditCategory;
  instruction: string;
  /** The source scene as the instruction wants it. */
  target: SceneGraph;
  /** Ten principles (3-4 instruction-following, 3-4 preservation, 2-3 quality), each with a check. */
  principles: Principle[];
}

/**
 * Damage done to the pixels after painting, as real editors' outputs show it. Sizes are fractions
 * of the image's shorter side and strengths are on 0-1 scales, so an artefact means the same at
 * every resolution.
 */
export type Artifact =
  | { kind: 'blur'; sigma: number }
  | { kind: 'noise'; amount: number }
  | { kind: 'jpeg'; quality: number }
  | { kind: 'color-cast'; rgb: readonly [number, number, number] }
  | { kind: 'oversaturate'; factor: number }
  | { kind: 'white-border'; width: number };
export type ArtifactKind = Artifact['kind'];

/** How a candidate editor goes wrong (or does not). */
export const FAILURE_MODES = [
  'perfect',
  'no-op',
  'partial',
  'leakage',
  'wrong-target',
  'insufficient-move',
  'over-edit',
  'hallucination',
  'artifact',
  'white-border',
] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];

/** One candidate edit: what the editor made of the source, before and after painting. */
export interface Candidate {
  failure: FailureMode;
  /** What went wrong in words, for reports ("recoloured the blue square too"). */
  note: string;
  scene: SceneGraph;
  artifacts: Artifact[];
}

import type { Principle, SceneGraph } from '../../core/index.js';
import type { RunInput } from '../types.js';
import type { WorldEdit } from '../../world/index.js';

/** What EditWorld candidates and the oracle verifier need of a generated input: its true scene and edit. */
export interface WorldInput {
  scene: SceneGraph;
  edit: WorldEdit;
  /** The side the source was rendered at (candidates are rendered at the same size). */
  size: number;
}

/** A run input ready for planning: its source image's hash, and its principles when the input carries them. */
export interface PreparedInput extends RunInput {
  /** SHA-256 of the source image's bytes (images are not decoded here). */
  sourceSha256: string;
  /** Gold or user-given principles (always present for EditWorld inputs). */
  principles?: Principle[];
  /** EditWorld inputs only. */
  world?: WorldInput;
}

import type { Rng, SceneGraph } from '../../core/index.js';
import type { WorldEdit } from '../types.js';

/** One category's edit for a scene, or null when the category cannot apply to it. */
export type EditMaker = (scene: SceneGraph, rng: Rng) => WorldEdit | null;

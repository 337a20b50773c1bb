import type { Rng, SceneGraph } from '../../core/index.js';
import type { Artifact, WorldEdit } from '../types.js';
import { diffScenes, type SceneDiff } from './scene-diff.js';

/** What every editor knows about the edit it botches: the scenes and what the instruction changes. */
export interface EditorInput {
  source: SceneGraph;
  edit: WorldEdit;
  /** source -> target: the objects, background, sign and tone the instruction touches. */
  asked: SceneDiff;
}

/** What an editor made: a scene, artefacts and a note; null when this failure cannot apply to the edit. */
export interface EditorOutput {
  scene: SceneGraph;
  artifacts: Artifact[];
  note: string;
}

export type Editor = (input: EditorInput, rng: Rng) => EditorOutput | null;

export function editorInput(source: SceneGraph, edit: WorldEdit): EditorInput {
  return { source, edit, asked: diffScenes(source, edit.target) };
}

/** EditWorld: procedural scenes, edits with gold principles, candidate editors with known failure modes, the oracle. */
export * from './types.js';
export { generateScene, DEFAULT_SCENE_OPTIONS, type SceneOptions } from './generate-scene.js';
export { findFreeSpot, spotIsFree, touchesSign, PLACEMENT } from './find-free-spot.js';
export { signPlateBox, type Box as SignPlateBox } from './sign-plate-box.js';
export { renderScene, renderRaw, MIN_RENDER_SIZE, MAX_RENDER_SIZE, type RenderOptions } from './render.js';
export { drawEdit, makeEdit, PHRASINGS } from './edits/index.js';
export { makeCandidate, DEFAULT_FAILURE_MIX, drawFailure, validateFailureMix } from './editors/index.js';
export { oracleScore, type OracleScore, type OraclePoint } from './oracle.js';
export {
  makeWorld,
  preferenceOf,
  type WorldItem,
  type WorldPair,
  type WorldCandidate,
} from './make-pairs.js';
export { writeWorld } from './write-world.js';
export { DEFAULT_WORLD_OPTIONS, type WorldOptions } from './world-options.js';

export { startStandIn } from './openai-stand-in.js';
export type {
  StandIn,
  StandInDestroy,
  StandInHandler,
  StandInHang,
  StandInHttpError,
  StandInLogEntry,
  StandInOptions,
  StandInRaw,
  StandInReply,
  StandInRequest,
  StandInRequestBody,
  StandInResponse,
  StandInTokenLogprob,
} from './stand-in-types.js';
export {
  startStandInThread,
  type StandInStats,
  type StandInThread,
  type StandInThreadOptions,
} from './stand-in-thread.js';
export { REAL_EDITS_DIR, realEditsSkip, readRealEdits, type RealEdit } from './real-edits.js';
export { withWhiteBorder } from './white-border.js';
export { findPostgresBindir, postgresSkip, startPostgres, type PostgresServer } from './postgres.js';
export {
  pipelineRequestKind,
  pipelineStandIn,
  standInSeedOf,
  type PipelineRequestKind,
} from './pipeline-stand-in.js';
export { squareScene, SQUARE_SCENE_WIDTH, SQUARE_SCENE_HEIGHT } from './square-scene.js';

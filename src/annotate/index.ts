/** The annotation app: preference and GSB labelling in the browser, its labels database, stats and export. */
export type { AnnotateMode, Assignment, Choice, LabelRecord, Side, StoredPair } from './types.js';
export { ANNOTATE_MODES, CHOICES } from './types.js';
export {
  LabelStore,
  type AddLabelResult,
  type NewLabel,
  type NextPair,
  type Progress,
} from './label-store.js';
export { readAnnotatePairs, type AnnotateDataset } from './read-annotate-pairs.js';
export { assignPairs } from './assign-pairs.js';
export { openAnnotateSession, type AnnotateSession, type AnnotateSessionOptions } from './open-session.js';
export { createAnnotateApp, type AnnotateAppOptions } from './create-annotate-app.js';
export {
  startAnnotateServer,
  type AnnotateServerOptions,
  type RunningAnnotateServer,
} from './start-annotate-server.js';
export { cohenKappa, contingencyTable } from './cohen-kappa.js';
export { fleissKappa } from './fleiss-kappa.js';
export { majorityPreference } from './majority-preference.js';
export {
  annotateStats,
  type AnnotateStats,
  type AnnotatorStats,
  type Disagreement,
  type FleissSummary,
  type PairKappa,
} from './annotate-stats.js';
export { exportPreferences, type ExportResult } from './export-preferences.js';
export { DEFAULT_PAGE_DIR } from './page-files.js';

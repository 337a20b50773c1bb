// rl/reproduce: the training runs behind `edit-r1 train` (run folders with checkpoints, logs and HTML
// reports) and `edit-r1 reproduce`, issue 6's table end to end on EditWorld.
export { useFastBackend } from './tf-backend.js';
export { rewardHackingSvg, plotPosition, type RewardHackingOptions } from './reward-hacking-svg.js';
export {
  readRunLog,
  runReportHtml,
  writeRunReport,
  type LogRecord,
  type RunReportInput,
} from './run-report.js';
export { openRunFolder, runFolder, type RunFolder } from './run-folder.js';
export {
  runRrmSft,
  runRrmGcpo,
  type RrmSftRunOptions,
  type RrmGcpoRunOptions,
  type RunOutcome,
} from './rrm-runs.js';
export { runEditorGrpo, EDITOR_GRPO_DEFAULTS, type EditorGrpoRunOptions } from './editor-runs.js';
export { makePipelineSftData, type PipelineSftOptions } from './pipeline-sft-data.js';
export { ReproduceResultsSchema, type ReproduceResults } from './results.js';
export {
  FULL_SETTINGS,
  QUICK_SETTINGS,
  TRAINING_SEEDS,
  heldOutSeeds,
  type ReproduceSettings,
} from './reproduce-settings.js';
export { renderResultsMarkdown } from './results-markdown.js';
export { reproduce, type ReproduceOptions, type ReproduceReport, type WatchSummary } from './reproduce.js';

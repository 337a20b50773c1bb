export {
  exportDataset,
  DEFAULT_DATASET_NAME,
  type ExportOptions,
  type ExportSummary,
} from './export-dataset.js';
export {
  EXPORT_FORMATS,
  EXPORT_FORMAT_NAMES,
  llamaFactoryDatasetInfo,
  type ExportFormat,
  type ExportFormatName,
} from './export-formats.js';
export { buildSftRecord, IMAGE_TOKEN, type SftMessage, type SftRecord } from './sft-record.js';
export { type ImageMode, type ImageStoreStats } from './image-store.js';
export {
  computeDatasetCard,
  LEFT_OUT_REASONS,
  type DatasetCard,
  type HistogramBin,
  type AccuracyBin,
  type LeftOutReason,
  type LeftOutCounts,
} from './dataset-card.js';
export { renderCardReadme } from './render-card-readme.js';
export { SelectedRowSchema, GoldLabelSchema } from './selected-row-schema.js';
export {
  LlamaFactoryDataSchema,
  LlamaFactoryDatasetInfoSchema,
  SwiftLineSchema,
  RowsLineSchema,
  DatasetCardSchema,
} from './format-schemas.js';

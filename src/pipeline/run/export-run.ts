import { exportDataset, type ExportFormatName, type ExportSummary, type ImageMode } from '../export/index.js';
import type { SelectedRow } from '../types.js';
import type { Run } from './run-types.js';

export interface ExportRunOptions {
  format: ExportFormatName;
  outDir: string;
  /** Default: the config's export.images. */
  images?: ImageMode;
}

/**
 * Exports the select stage's rows (done units, by key) with the config's minAccuracy: quadruples whose
 * kept trace is less accurate are left out and counted in the dataset card.
 */
export async function exportRun(run: Run, options: ExportRunOptions): Promise<ExportSummary> {
  const rows = (await run.store.done('select')).map((unit) => unit.result as SelectedRow);
  return exportDataset(rows, {
    format: options.format,
    outDir: options.outDir,
    images: options.images ?? run.config.export.images,
    minAccuracy: run.config.select.minAccuracy,
  });
}

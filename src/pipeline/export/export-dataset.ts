import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../../core/index.js';
import type { SelectedRow } from '../types.js';
import { compareText } from './compare-text.js';
import {
  computeDatasetCard,
  type DatasetCard,
  type LeftOutCounts,
  type LeftOutReason,
} from './dataset-card.js';
import {
  EXPORT_FORMATS,
  EXPORT_FORMAT_NAMES,
  type ExportFormatName,
  type ExportRow,
} from './export-formats.js';
import { createImageStore, IMAGES_DIR, type ImageMode, type ImageStoreStats } from './image-store.js';
import { renderCardReadme } from './render-card-readme.js';
import { SelectedRowSchema } from './selected-row-schema.js';
import { mediaTokenIn } from './sft-record.js';
import { openStaging } from './staging.js';

export interface ExportOptions {
  format: ExportFormatName;
  /** Created if absent. One export at a time per folder; images already there are reused, never deleted. */
  outDir: string;
  images: ImageMode;
  /** Quadruples whose selected (most accurate) trace is below this share are left out, and counted. */
  minAccuracy: number;
  /** The dataset's name in dataset_info.json and the card (default `edit_r1_rrm_sft`). */
  datasetName?: string;
}

export interface ExportSummary {
  format: ExportFormatName;
  /** The export folder, absolute. */
  outDir: string;
  /** Files written, relative to outDir: the format's files, then card.json and README.md. */
  files: string[];
  kept: number;
  leftOut: LeftOutCounts;
  images: ImageStoreStats;
  card: DatasetCard;
}

export const DEFAULT_DATASET_NAME = 'edit_r1_rrm_sft';

/** Accuracies are shares like 3/5; the allowance keeps one computed a hair under the threshold from being left out. */
const ACCURACY_ALLOWANCE = 1e-9;

function checkOptions(options: ExportOptions): Required<ExportOptions> {
  const { format, outDir, images, minAccuracy, datasetName = DEFAULT_DATASET_NAME } = options;
  if (!EXPORT_FORMAT_NAMES.includes(format)) {
    throw new UsageError(
      `unknown export format "${String(format)}": use one of ${EXPORT_FORMAT_NAMES.join(', ')}`,
    );
  }
  if (typeof outDir !== 'string' || outDir.trim() === '') {
    throw new UsageError('the export folder is empty: pass the folder to write the dataset to');
  }
  if (images !== 'copy' && images !== 'link') {
    throw new UsageError(`images: expected "copy" or "link", got ${JSON.stringify(images)}`);
  }
  if (typeof minAccuracy !== 'number' || !(minAccuracy >= 0 && minAccuracy <= 1)) {
    throw new UsageError(`minAccuracy: expected a number from 0 to 1, got ${String(minAccuracy)}`);
  }
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(datasetName)) {
    throw new UsageError(
      `datasetName "${datasetName}": use letters, digits, '_', '.' and '-' (it becomes a key of dataset_info.json)`,
    );
  }
  return { format, outDir: resolve(outDir), images, minAccuracy, datasetName };
}

/**
 * Validates every row and orders them by quadrupleId, so the same rows give the same files in any order.
 * Each row is rebuilt by the schema, whose output has the schema's key order whatever order the store
 * returned (PostgreSQL's jsonb reorders keys, SQLite keeps them as written): both export identically.
 */
function checkRows(rows: readonly SelectedRow[]): SelectedRow[] {
  const checked = rows.map((row, i) => {
    const parsed = SelectedRowSchema.safeParse(row);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const id = typeof row?.quadrupleId === 'string' ? ` (quadruple ${row.quadrupleId})` : '';
    throw new UsageError(
      `rows[${i}]${id}: ${issue?.path.join('.') || 'row'}: ${issue?.message ?? 'invalid'}: rerun the select stage, or fix the row`,
    );
  });
  checked.sort((a, b) => compareText(a.quadrupleId, b.quadrupleId));
  for (let i = 1; i < checked.length; i++) {
    if (checked[i]!.quadrupleId === checked[i - 1]!.quadrupleId) {
      throw new UsageError(
        `quadruple ${checked[i]!.quadrupleId} appears twice: pass one selected row per quadruple`,
      );
    }
  }
  return checked;
}

function leftOutReason(row: SelectedRow, minAccuracy: number): LeftOutReason | undefined {
  if (row.accuracy < minAccuracy - ACCURACY_ALLOWANCE) return 'belowMinAccuracy';
  // A literal placeholder in the text would pair the wrong images with the tokens in every tool.
  if (mediaTokenIn(row) !== undefined) return 'mediaTokenInText';
  return undefined;
}

/**
 * Writes the SFT set (PAPER.md 3.7) in one format to `outDir`: the format's files, the images they
 * name (images/<sha256>.<ext>, paths relative to the folder), and the dataset card (card.json,
 * README.md). Every file is written whole and renamed into place, and the same rows and options give
 * byte-identical files.
 */
export async function exportDataset(rows: SelectedRow[], options: ExportOptions): Promise<ExportSummary> {
  const o = checkOptions(options);
  const format = EXPORT_FORMATS[o.format];
  const kept: SelectedRow[] = [];
  const leftOut: Array<{ row: SelectedRow; reason: LeftOutReason }> = [];
  for (const row of checkRows(rows)) {
    const reason = leftOutReason(row, o.minAccuracy);
    if (reason === undefined) kept.push(row);
    else leftOut.push({ row, reason });
  }

  await mkdir(join(o.outDir, IMAGES_DIR), { recursive: true });
  const staging = await openStaging(o.outDir);
  try {
    const store = createImageStore(o.outDir, o.images, staging);
    const exportRows: ExportRow[] = await Promise.all(
      kept.map(async (row) => ({
        row,
        source: await store.place(row.source, `quadruple ${row.quadrupleId}: source image`),
        edited: await store.place(row.edited, `quadruple ${row.quadrupleId}: edited image`),
      })),
    );
    const files = await format.write(exportRows, { outDir: o.outDir, staging, datasetName: o.datasetName });

    const card = computeDatasetCard({
      datasetName: o.datasetName,
      format: o.format,
      minAccuracy: o.minAccuracy,
      kept,
      leftOut,
    });
    await staging.writeText(join(o.outDir, 'card.json'), [`${JSON.stringify(card, null, 2)}\n`]);
    await staging.writeText(join(o.outDir, 'README.md'), [
      renderCardReadme(card, { description: format.description, usage: format.usage(o.datasetName) }),
    ]);
    return {
      format: o.format,
      outDir: o.outDir,
      files: [...files, 'card.json', 'README.md'],
      kept: card.kept,
      leftOut: card.leftOut,
      images: store.stats(),
      card,
    };
  } finally {
    await staging.close();
  }
}

import { join } from 'node:path';
import type { SelectedRow } from '../types.js';
import { buildSftRecord } from './sft-record.js';
import type { Staging } from './staging.js';

/** A kept row with its images' paths relative to the export folder. */
export interface ExportRow {
  row: SelectedRow;
  source: string;
  edited: string;
}

export interface FormatTarget {
  outDir: string;
  staging: Staging;
  datasetName: string;
}

export interface ExportFormat {
  description: string;
  /** Where the format comes from: the document its layout was written from. */
  spec: string;
  /** How a training run loads the folder, for the dataset card. */
  usage(datasetName: string): string;
  /** Writes the format's files atomically; returns their names relative to the export folder. */
  write(rows: readonly ExportRow[], target: FormatTarget): Promise<string[]>;
}

const recordOf = ({ row, source, edited }: ExportRow) => buildSftRecord(row, { source, edited });

function* lines(rows: readonly ExportRow[], toJson: (row: ExportRow) => string): Generator<string> {
  for (const row of rows) yield `${toJson(row)}\n`;
}

/** A JSON array written one record per line, so it streams and still diffs line by line. */
function* jsonArray(rows: readonly ExportRow[], toJson: (row: ExportRow) => string): Generator<string> {
  yield '[';
  let first = true;
  for (const row of rows) {
    yield `${first ? '' : ','}\n  ${toJson(row)}`;
    first = false;
  }
  yield rows.length === 0 ? ']\n' : '\n]\n';
}

/** The dataset_info.json entry LLaMA-Factory needs for a sharegpt file in the OpenAI message layout. */
export function llamaFactoryDatasetInfo(datasetName: string, fileName: string) {
  return {
    [datasetName]: {
      file_name: fileName,
      formatting: 'sharegpt',
      columns: { messages: 'messages', images: 'images' },
      tags: {
        role_tag: 'role',
        content_tag: 'content',
        user_tag: 'user',
        assistant_tag: 'assistant',
        system_tag: 'system',
      },
    },
  };
}

/** Registry of export formats: one row each. */
export const EXPORT_FORMATS = {
  llamafactory: {
    description:
      'LLaMA-Factory sharegpt (OpenAI message layout) with an images list: data.json + dataset_info.json',
    spec: 'LLaMA-Factory data/README.md: "Sharegpt Format", "OpenAI Format", "Multimodal Image Dataset"',
    usage: (name) =>
      `Point LLaMA-Factory at this folder: \`dataset_dir: <this folder>\` and \`dataset: ${name}\`. Image paths are relative to \`media_dir\`, which defaults to \`dataset_dir\`.`,
    async write(rows, { outDir, staging, datasetName }) {
      await staging.writeText(
        join(outDir, 'data.json'),
        jsonArray(rows, (r) => JSON.stringify(recordOf(r))),
      );
      await staging.writeText(join(outDir, 'dataset_info.json'), [
        `${JSON.stringify(llamaFactoryDatasetInfo(datasetName, 'data.json'), null, 2)}\n`,
      ]);
      return ['data.json', 'dataset_info.json'];
    },
  },
  swift: {
    description: 'ms-swift standard messages JSONL with an images list: train.jsonl',
    spec: 'ms-swift docs, Customization/Custom-dataset.md: "Supervised Fine-tuning" and "Multimodal"',
    usage: () =>
      'Run ms-swift from this folder (`swift sft --dataset train.jsonl ...`): it resolves relative image paths from the working directory.',
    async write(rows, { outDir, staging }) {
      await staging.writeText(
        join(outDir, 'train.jsonl'),
        lines(rows, (r) => JSON.stringify(recordOf(r))),
      );
      return ['train.jsonl'];
    },
  },
  jsonl: {
    description: 'every selected row whole, one JSON object per line: rows.jsonl',
    spec: "edit-r1's SelectedRow (src/pipeline/types.ts), image paths relative to the folder",
    usage: () =>
      'rows.jsonl holds every field of each kept row (gold labels, all trace accuracies), for your own converters.',
    async write(rows, { outDir, staging }) {
      await staging.writeText(
        join(outDir, 'rows.jsonl'),
        lines(rows, ({ row, source, edited }) => JSON.stringify({ ...row, source, edited })),
      );
      return ['rows.jsonl'];
    },
  },
} as const satisfies Record<string, ExportFormat>;

export type ExportFormatName = keyof typeof EXPORT_FORMATS;
export const EXPORT_FORMAT_NAMES = Object.keys(EXPORT_FORMATS) as ExportFormatName[];

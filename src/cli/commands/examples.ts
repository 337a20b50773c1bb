import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import Table from 'cli-table3';
import { Command } from 'commander';
import { createJudge } from '../../create-judge.js';
import { makeExampleEdits } from '../../demo/example-edits.js';
import type { CliContext } from '../context.js';
import { formatVerdict } from '../format-verdict.js';

interface ExamplesFlags {
  out: string;
  quiet?: boolean;
}

/** `edit-r1 examples`: makes photo-like example edits, scores each with the offline embedded judge, and prints what it found. */
export function examplesCommand(context: CliContext): Command {
  const { io, palette } = context;
  return new Command('examples')
    .description('score example edits the project makes itself, offline, with the embedded judge')
    .option('--out <dir>', 'where to write the example images', 'out/examples')
    .option('--quiet', 'print only the summary table')
    .action(async (flags: ExamplesFlags) => {
      const outDir = resolve(flags.out);
      await mkdir(outDir, { recursive: true });
      const judge = createJudge({ backend: 'embedded' });
      const examples = await makeExampleEdits();
      const summary = new Table({
        head: ['example', 'instruction', 'score', 'verified', 'rules'],
        style: palette.table,
      });
      for (const example of examples) {
        const sourcePath = join(outDir, `${example.name}-source.jpg`);
        const editedPath = join(outDir, `${example.name}-edited.jpg`);
        await writeFile(sourcePath, example.source);
        await writeFile(editedPath, example.edited);
        const verdict = await judge.judge({
          source: sourcePath,
          edited: editedPath,
          instruction: example.instruction,
        });
        if (!flags.quiet) {
          io.out(`\n${palette.colors.bold(example.name)}: "${example.instruction}" (${example.description})`);
          io.out(`  source ${sourcePath}\n  edited ${editedPath}`);
          io.out(formatVerdict(verdict, palette));
        }
        const verified = verdict.points.filter((p) => p.score !== null).length;
        summary.push([
          example.name,
          example.instruction,
          verdict.finalScore.toFixed(1),
          `${verified}/${verdict.points.length}`,
          verdict.rulesApplied.map((r) => r.rule).join(', '),
        ]);
      }
      io.out(`\n${summary.toString()}`);
      io.out(
        'The embedded judge verifies only what pixels and OCR can show; "unverified" principles need a VLM: ' +
          'edit-r1 score ... --backend openai --base-url http://localhost:8000/v1 --model <vlm>',
      );
    });
}

import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import cliProgress from 'cli-progress';
import type { StepRecord } from './step-record.js';

/** 'auto': a bar when stderr is a terminal, one plain line per step otherwise. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'off';

/** Where step records go: a JSONL file (appended, so a resumed run continues its log), a progress display. */
export class RunLog {
  private bar: cliProgress.SingleBar | null = null;
  private readonly mode: Exclude<ProgressMode, 'auto'>;

  constructor(
    private readonly file: string | undefined,
    mode: ProgressMode,
    private readonly totalSteps: number,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.mode = mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : mode;
  }

  async start(firstStep: number): Promise<void> {
    if (this.file) await mkdir(dirname(this.file), { recursive: true });
    if (this.mode === 'bar') {
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.stream,
          format: '{bar} {value}/{total} steps | reward {reward} | loss {loss} | {eta_formatted} left',
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(this.totalSteps, firstStep, { reward: '-', loss: '-' });
    }
  }

  async write(record: StepRecord): Promise<void> {
    if (this.file) await appendFile(this.file, `${JSON.stringify(record)}\n`);
    const reward = record.rewardMean.toFixed(3);
    const loss = record.loss.toFixed(4);
    if (this.bar) this.bar.update(record.step + 1, { reward, loss });
    if (this.mode === 'lines') {
      this.stream.write(
        `${record.algorithm} step ${record.step + 1}/${this.totalSteps} reward ${reward} loss ${loss} ` +
          `kl ${record.approxKl.toExponential(2)} lr ${record.lr.toExponential(2)} ${record.seconds.toFixed(2)}s\n`,
      );
    }
  }

  stop(): void {
    this.bar?.stop();
  }
}

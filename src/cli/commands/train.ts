import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, UsageError, createRng, definedOnly, type Judge } from '../../core/index.js';
import { createJudge } from '../../create-judge.js';
import { createEmbeddedJudge } from '../../rrm/index.js';
import {
  createHolisticJudge,
  createMiniRrmJudge,
  MiniRrmPolicy,
  readTrainerCheckpoint,
  runEditorGrpo,
  runRrmGcpo,
  runRrmSft,
  useFastBackend,
  EDITOR_GRPO_DEFAULTS,
} from '../../rl/index.js';
import type { CliContext } from '../context.js';
import { parseInteger, parseNumber, parsePositiveInteger } from '../parse-flags.js';

interface CommonFlags {
  out: string;
  seed: number;
  lr?: number;
  epochs?: number;
  resume?: boolean;
}

interface RrmFlags extends CommonFlags {
  sft?: boolean;
  gcpo?: boolean;
  data?: string;
  init?: string;
  pairs?: string;
  steps?: number;
  batchSize?: number;
  pairsPerStep?: number;
  traces?: number;
  hidden?: number;
}

interface EditorFlags extends CommonFlags {
  grpo?: boolean;
  reward: string;
  steps?: number;
  tasks: number;
  taskSeed: number;
  inputsPerStep?: number;
  groupSize?: number;
  beta?: number;
  baseUrl?: string;
  model?: string;
  apiKeyEnv: string;
}

function positiveNumber(value: string): number {
  const n = parseNumber(value);
  if (!(n > 0)) throw new InvalidArgumentError(`expected a number above 0, got '${value}'`);
  return n;
}

function common(command: Command): Command {
  return command
    .requiredOption(
      '--out <dir>',
      'run folder: checkpoints (step-*.json, latest.json), log.jsonl, report.html',
    )
    .option('--seed <n>', 'seed of the run (weights, shuffles, sampling)', parseInteger, 0)
    .option('--lr <rate>', 'learning rate', positiveNumber)
    .option(
      '--epochs <n>',
      'SFT: passes over the data; RL: optimisation passes over each rollout batch',
      parsePositiveInteger,
    )
    .option('--resume', 'continue the run in --out from its latest checkpoint (same seed and data)');
}

/** The judge an editor's reward names: rrm:PATH, embedded, holistic or vlm (an OpenAI-compatible server). */
async function rewardJudge(flags: EditorFlags, context: CliContext): Promise<Judge> {
  const { reward } = flags;
  if (reward.startsWith('rrm:')) {
    const path = reward.slice(4);
    if (path === '')
      throw new UsageError('--reward rrm: needs a run folder or checkpoint, e.g. rrm:runs/rrm-gcpo');
    const { stat } = await import('node:fs/promises');
    const info = await stat(path).catch(() => null);
    const file = info?.isDirectory() ? `${path}/latest.json` : path;
    const checkpoint = await readTrainerCheckpoint(file);
    return createMiniRrmJudge(await MiniRrmPolicy.fromCheckpoint(checkpoint.policy, createRng(flags.seed)), {
      id: `mini-rrm:${path}`,
    });
  }
  if (reward !== 'vlm' && (flags.baseUrl !== undefined || flags.model !== undefined)) {
    throw new ConfigError('--base-url and --model go with --reward vlm');
  }
  if (reward === 'embedded') return createEmbeddedJudge();
  if (reward === 'holistic') return createHolisticJudge();
  if (reward === 'vlm') {
    const apiKey = context.env[flags.apiKeyEnv] || undefined;
    if (apiKey) context.secrets.add(apiKey);
    return createJudge({
      backend: 'openai',
      baseURL: flags.baseUrl ?? context.env.EDIT_R1_BASE_URL,
      model: flags.model ?? context.env.EDIT_R1_MODEL,
      apiKey,
    });
  }
  throw new UsageError(`--reward ${reward}: expected rrm:PATH, embedded, holistic or vlm`);
}

function rrmCommand(context: CliContext): Command {
  const command = new Command('rrm')
    .description('train the miniature RRM: --sft on the pipeline export, or --gcpo on preference pairs')
    .option('--sft', 'cold-start SFT on rows.jsonl of `pipeline export --format jsonl`')
    .option('--gcpo', 'GCPO from an SFT run on preference pairs')
    .option('--data <dir>', 'SFT: the export folder (or its rows.jsonl)')
    .option('--init <dir>', 'GCPO: the SFT run folder (or a checkpoint file)')
    .option('--pairs <file>', 'GCPO: pairs.jsonl with principles')
    .option('--steps <n>', 'GCPO: training steps (default 60)', parsePositiveInteger)
    .option('--batch-size <n>', 'SFT: rows per update (default 32)', parsePositiveInteger)
    .option('--pairs-per-step <n>', 'GCPO: pairs per step (default 16)', parsePositiveInteger)
    .option('--traces <n>', 'GCPO: traces per image, N (default 8)', parsePositiveInteger)
    .option('--hidden <n>', 'SFT: hidden units of a new policy (default 64)', parsePositiveInteger);
  return common(command).action(async (flags: RrmFlags) => {
    const { io } = context;
    if (flags.sft === flags.gcpo) throw new UsageError('give exactly one of --sft and --gcpo');
    const backend = await useFastBackend();
    if (flags.sft) {
      if (!flags.data) throw new UsageError('--sft needs --data <export folder>');
      const run = await runRrmSft({
        data: flags.data,
        out: flags.out,
        seed: flags.seed,
        resume: flags.resume === true,
        ...definedOnly({ epochs: flags.epochs, lr: flags.lr, batchSize: flags.batchSize }),
        ...(flags.hidden === undefined ? {} : { config: { hidden: flags.hidden } }),
        onEpoch: (r) =>
          io.err(
            `sft epoch ${r.epoch}: loss ${r.loss.toFixed(4)}` +
              (r.validationTokenAccuracy === null
                ? ''
                : ` held-out token accuracy ${r.validationTokenAccuracy.toFixed(3)}`),
          ),
      });
      io.out(
        `sft: ${run.rows.train} rows trained, ${run.rows.validation} held out, ${run.rows.leftOut} left out; ` +
          `epochs ${run.resumedFrom} -> ${run.checkpoint.step} (tfjs ${backend})`,
      );
    } else {
      if (!flags.init || !flags.pairs)
        throw new UsageError('--gcpo needs --init <sft run> and --pairs <pairs.jsonl>');
      const run = await runRrmGcpo({
        init: flags.init,
        pairs: flags.pairs,
        out: flags.out,
        seed: flags.seed,
        resume: flags.resume === true,
        ...definedOnly({
          steps: flags.steps,
          lr: flags.lr,
          epochs: flags.epochs,
          pairsPerStep: flags.pairsPerStep,
          traces: flags.traces,
        }),
      });
      io.out(
        `gcpo: ${run.pairs} ranked pairs; steps ${run.resumedFrom} -> ${run.checkpoint.step} (tfjs ${backend})`,
      );
    }
    io.out(`report: ${flags.out}/report.html`);
  });
}

function editorCommand(context: CliContext): Command {
  const command = new Command('editor')
    .description('train the miniature editor with GRPO, any judge as reward, the oracle watching')
    .option('--grpo', 'GRPO (the only algorithm for the editor)')
    .requiredOption(
      '--reward <judge>',
      'rrm:<run folder>, embedded, holistic, or vlm (with --base-url/--model)',
    )
    .option('--steps <n>', `training steps (default ${EDITOR_GRPO_DEFAULTS.steps})`, parsePositiveInteger)
    .option('--tasks <n>', 'EditWorld training tasks', parsePositiveInteger, EDITOR_GRPO_DEFAULTS.taskCount)
    .option('--task-seed <n>', 'seed the training tasks are made from', parseInteger, 13)
    .option(
      '--inputs-per-step <n>',
      `tasks per step (default ${EDITOR_GRPO_DEFAULTS.inputsPerStep})`,
      parsePositiveInteger,
    )
    .option(
      '--group-size <n>',
      `edits per task, G (default ${EDITOR_GRPO_DEFAULTS.groupSize})`,
      parsePositiveInteger,
    )
    .option('--beta <b>', 'weight of the k3 KL to the starting policy (default 0)', parseNumber)
    .option('--base-url <url>', 'vlm: OpenAI-compatible server (env EDIT_R1_BASE_URL)')
    .option('--model <name>', 'vlm: model name on that server (env EDIT_R1_MODEL)')
    .option('--api-key-env <name>', 'vlm: environment variable holding the API key', 'OPENAI_API_KEY');
  return common(command).action(async (flags: EditorFlags) => {
    const { io } = context;
    if (!flags.grpo) throw new UsageError('give --grpo (the editor trains with GRPO)');
    const judge = await rewardJudge(flags, context);
    const backend = await useFastBackend();
    const run = await runEditorGrpo({
      judge,
      rewardName: flags.reward,
      tasks: { seed: flags.taskSeed, count: flags.tasks },
      out: flags.out,
      seed: flags.seed,
      resume: flags.resume === true,
      ...definedOnly({
        steps: flags.steps,
        lr: flags.lr,
        epochs: flags.epochs,
        inputsPerStep: flags.inputsPerStep,
        groupSize: flags.groupSize,
        beta: flags.beta,
      }),
    });
    io.out(`grpo (${flags.reward}): steps ${run.resumedFrom} -> ${run.checkpoint.step} (tfjs ${backend})`);
    io.out(`report: ${flags.out}/report.html`);
  });
}

/** `edit-r1 train rrm|editor`: the miniature policies' training runs (docs/RL.md, issue 6). */
export function trainCommand(context: CliContext): Command {
  return new Command('train')
    .description('train the miniature RRM (SFT, GCPO) or editor (GRPO) into a run folder')
    .addCommand(rrmCommand(context))
    .addCommand(editorCommand(context));
}

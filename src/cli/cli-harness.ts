import { stripVTControlCharacters } from 'node:util';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { main } from './main.js';

/** For the CLI's tests: what one in-process run printed, with any colour codes stripped. */
export interface CliRun {
  code: number;
  out: string;
  err: string;
  /** stdout as written, codes and all. */
  rawOut: string;
}

/** Runs `edit-r1 <argv>` in-process with captured output; `env` replaces process.env for the run. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => void out.push(t), err: (t) => void err.push(t) }, env);
  const rawOut = out.join('\n');
  return {
    code,
    out: stripVTControlCharacters(rawOut),
    err: stripVTControlCharacters(err.join('\n')),
    rawOut,
  };
}

/** A 320x240 scene: a lit wall and a floor, with a ball of the given colour. */
function scene(ball: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <defs><linearGradient id="wall" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#c9b79c"/><stop offset="1" stop-color="#8f7f6a"/></linearGradient></defs>
    <rect width="320" height="160" fill="url(#wall)"/>
    <rect y="160" width="320" height="80" fill="#6b4f3a"/>
    <rect x="200" y="40" width="80" height="60" fill="#3d6e8c"/>
    <circle cx="110" cy="150" r="36" fill="${ball}"/>
  </svg>`;
  return sharp(Buffer.from(svg)).flatten().png().toBuffer();
}

/** Files for a recolour edit in a fresh temp folder: the source, the edit, and an unchanged copy. */
export async function writeRecolourEdit(): Promise<{
  dir: string;
  source: string;
  edited: string;
  copy: string;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'edit-r1-cli-'));
  const files = {
    dir,
    source: join(dir, 'source.png'),
    edited: join(dir, 'edited.png'),
    copy: join(dir, 'copy.png'),
  };
  const source = await scene('#d22b2b');
  await writeFile(files.source, source);
  await writeFile(files.copy, source);
  await writeFile(files.edited, await scene('#2b4fd2'));
  return files;
}

export const RECOLOUR = 'Make the red ball blue';

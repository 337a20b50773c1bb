import type { CliIO } from './io.js';
import { createPalette, wantsColor, type Palette } from './palette.js';

/** What every command gets: where to write, the environment it reads settings from, and its colours. */
export interface CliContext {
  /** Masks every value in `secrets` before it is written. */
  io: CliIO;
  env: NodeJS.ProcessEnv;
  palette: Palette;
  /** Values never to print, such as the API key read from the environment. */
  secrets: Set<string>;
}

/** Shorter values are not masked: they would garble ordinary words in the output, and are no real secret. */
const MIN_SECRET_LENGTH = 8;
const MASK = '[redacted]';

export function createContext(io: CliIO, env: NodeJS.ProcessEnv): CliContext {
  const secrets = new Set<string>();
  const mask = (text: string): string => {
    let masked = text;
    for (const secret of secrets) {
      if (secret.length >= MIN_SECRET_LENGTH) masked = masked.split(secret).join(MASK);
    }
    return masked;
  };
  return {
    io: { out: (text) => io.out(mask(text)), err: (text) => io.err(mask(text)), isTTY: io.isTTY },
    env,
    palette: createPalette(wantsColor(env, io.isTTY === true)),
    secrets,
  };
}

import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

/** Colours for text and for cli-table3's head and borders, both off together. */
export interface Palette {
  colors: Colors;
  table: { head: string[]; border: string[] };
}

/**
 * NO_COLOR (no-color.org) wins; then FORCE_COLOR, where '0' and 'false' mean off; else colour only on a
 * terminal. Decided here because picocolors reads FORCE_COLOR=0 as "force on" and cli-table3's colour
 * library ignores NO_COLOR and colours piped output whenever TERM looks like a terminal's.
 */
export function wantsColor(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTTY && env.TERM !== 'dumb';
}

export function createPalette(enabled: boolean): Palette {
  return {
    colors: pc.createColors(enabled),
    table: enabled ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  };
}

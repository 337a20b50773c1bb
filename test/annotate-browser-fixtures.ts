// Shared by the annotation page's browser test: a dataset of pairs whose images say which edit is
// which by colour (every `a` red, every `b` blue), Debian's Chromium through playwright-core, and
// readers for what the page shows.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import sharp from 'sharp';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../test-artifacts/', import.meta.url));

/** Why the browser test cannot run here, or undefined when it can. Under CI a missing browser is a failure, not a skip. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env.CI === 'true' || process.env.CI === '1') {
    throw new Error(
      `${CHROMIUM} is missing under CI: .ci/run installs Debian's chromium package; check that step`,
    );
  }
  return `${CHROMIUM} is absent (install Debian's chromium package to run the annotation page's browser test)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

const WIDTH = 160;
const HEIGHT = 120;

function solidPng(rgb: readonly [number, number, number]): Promise<Buffer> {
  const [r, g, b] = rgb;
  return sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: { r, g, b } } })
    .png()
    .toBuffer();
}

/**
 * Writes `count` pairs (p01, p02, ...) and their PNGs under `dir/images`, and `dir/pairs.jsonl`.
 * Every `a` is red and every `b` blue, so the page's left image tells which edit it is; the green
 * channel carries the pair's number, so images of different pairs differ too.
 */
export async function writeColourPairs(dir: string, count: number): Promise<string> {
  await mkdir(join(dir, 'images'), { recursive: true });
  const lines: string[] = [];
  for (let i = 1; i <= count; i++) {
    const id = `p${String(i).padStart(2, '0')}`;
    const green = i * 10;
    await writeFile(join(dir, 'images', `${id}-source.png`), await solidPng([128, green, 128]));
    await writeFile(join(dir, 'images', `${id}-a.png`), await solidPng([255, green, 0]));
    await writeFile(join(dir, 'images', `${id}-b.png`), await solidPng([0, green, 255]));
    lines.push(
      JSON.stringify({
        id,
        category: i % 2 === 0 ? 'color_alter' : 'object_removal',
        instruction: `Edit number ${i}: make the square brighter`,
        source: `images/${id}-source.png`,
        a: `images/${id}-a.png`,
        b: `images/${id}-b.png`,
        preference: 'same',
      }),
    );
  }
  const file = join(dir, 'pairs.jsonl');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * Which edit the page shows on the left, read from the screen: the middle pixel of a screenshot of
 * the left image (the repo's tsconfig has no DOM types, so nothing here runs inside the page).
 */
export async function leftEdit(page: Page): Promise<'a' | 'b'> {
  const shot = await page.locator('#left-img').screenshot();
  const { data, info } = await sharp(shot).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const at = (Math.floor(info.height / 2) * info.width + Math.floor(info.width / 2)) * info.channels;
  const [r, b] = [data[at]!, data[at + 2]!];
  if (r > 200 && b < 50) return 'a';
  if (b > 200 && r < 50) return 'b';
  throw new Error(`the left image is neither red (a) nor blue (b): r ${r}, b ${b}`);
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Waits until the page shows a pair, ready for a key, with exactly this progress text; returns the pair's id. */
export async function waitForPair(page: Page, progress: string): Promise<string> {
  await page
    .locator('body[data-state="ready"] #progress')
    .filter({ hasText: exactly(progress) })
    .waitFor();
  const pairId = await page.locator('#task').getAttribute('data-pair-id');
  if (pairId === null) throw new Error('the page shows a pair but names no data-pair-id');
  return pairId;
}

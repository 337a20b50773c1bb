import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CATEGORIES, createRng, type Category, type Principle, type Rng } from '../../core/index.js';
import type { SelectedRow } from '../../pipeline/index.js';
import { formatRrmTrace, PROMPT_VARIANT_NAMES } from '../../rrm/index.js';
import { writeWorld, type OracleScore, type WorldOptions } from '../../world/index.js';

export interface WorldSftOptions {
  /** Point labels the simulated teacher gets wrong, as a share. Default 0.1. */
  pointNoise?: number;
  /** Standard deviation of the teacher's final-score noise, in score points. Default 0.75. */
  scoreNoise?: number;
}

/** How the simulated teacher weighs its own points into a final score (the embedded judge's weights). */
const TEACHER_WEIGHTS: Record<Category, number> = {
  'instruction-following': 0.6,
  'feature-preservation': 0.25,
  'image-quality': 0.15,
};

interface WorldLine {
  id: string;
  role: 'source' | 'candidate';
  oracle?: OracleScore;
}

/**
 * An EditWorld written with writeWorld (images, pairs.jsonl, world.jsonl) plus rows.jsonl: one row per
 * distinct (source, candidate) in the pipeline's 'jsonl' export layout (SelectedRow, image paths
 * relative to the folder), as a cold-start run would keep them. The gold labels are the oracle's
 * points; the kept trace is a simulated teacher's, with the flaws real VLM teachers have (PAPER.md
 * section 3 keeps the most accurate trace, not a perfect one): a share of its 0/1 points are wrong,
 * and its final score is its points weighed by category plus noise, blind to what the oracle caps
 * (how far a change got, hallucinated objects, artefact severity). Preferences from the oracle are
 * then what GCPO can teach beyond SFT.
 */
export async function writeWorldSftRows(
  dir: string,
  world: Partial<WorldOptions>,
  options: WorldSftOptions = {},
): Promise<{ rows: number; pairs: number; rowsFile: string; pairsFile: string }> {
  const pointNoise = options.pointNoise ?? 0.1;
  const scoreNoise = options.scoreNoise ?? 0.75;
  const written = await writeWorld(dir, world);
  const rng = createRng((world.seed ?? 0) ^ 0x5f7);
  const oracles = new Map<string, OracleScore>();
  for (const text of (await readFile(join(dir, 'world.jsonl'), 'utf8')).split('\n')) {
    if (text.trim() === '') continue;
    const line = JSON.parse(text) as WorldLine;
    if (line.role === 'candidate' && line.oracle) oracles.set(line.id, line.oracle);
  }
  const rows: SelectedRow[] = [];
  const seen = new Set<string>();
  for (const text of (await readFile(join(dir, 'pairs.jsonl'), 'utf8')).split('\n')) {
    if (text.trim() === '') continue;
    const pair = JSON.parse(text) as {
      category: string;
      instruction: string;
      source: string;
      a: string;
      b: string;
      principles: Principle[];
    };
    for (const edited of [pair.a, pair.b]) {
      if (seen.has(edited)) continue;
      seen.add(edited);
      const id = edited.replace(/^images\/|\.png$/g, '');
      rows.push(teacherRow(id, pair, edited, oracles.get(id)!, pointNoise, scoreNoise, rng));
    }
  }
  const rowsFile = join(dir, 'rows.jsonl');
  await writeFile(rowsFile, rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  return { rows: rows.length, pairs: written.pairs, rowsFile, pairsFile: join(dir, 'pairs.jsonl') };
}

function teacherRow(
  id: string,
  pair: { category: string; instruction: string; source: string; principles: Principle[] },
  edited: string,
  oracle: OracleScore,
  pointNoise: number,
  scoreNoise: number,
  rng: Rng,
): SelectedRow {
  const points = pair.principles.map((p, i) => {
    const gold = oracle.points[i]!.score;
    const score = (rng.next() < pointNoise ? 1 - gold : gold) as 0 | 1;
    return {
      question: p.question,
      category: p.category,
      score,
      reason: score === 1 ? 'satisfied' : 'not satisfied',
    };
  });
  const weighted = CATEGORIES.reduce((sum, c) => {
    const mine = points.filter((p) => p.category === c);
    const share = mine.length === 0 ? 1 : mine.reduce((s, p) => s + p.score, 0) / mine.length;
    return sum + TEACHER_WEIGHTS[c] * share;
  }, 0);
  const finalScore =
    Math.round(Math.min(10, Math.max(0, 10 * weighted + scoreNoise * gaussian(rng))) * 2) / 2;
  const accuracy = points.filter((p, i) => p.score === oracle.points[i]!.score).length / points.length;
  return {
    quadrupleId: id,
    inputId: pair.source.replace(/^images\/|\.png$/g, ''),
    category: pair.category,
    instruction: pair.instruction,
    source: pair.source,
    edited,
    principles: pair.principles,
    gold: oracle.points.map((p) => ({ question: p.question, gold: p.score, reason: 'EditWorld oracle' })),
    trace: formatRrmTrace({
      reasoning: 'Checked each principle against the two images.',
      points,
      finalScore,
    }),
    finalScore,
    averageScore: points.reduce((s, p) => s + p.score, 0) / points.length,
    member: 0,
    model: 'editworld-teacher',
    promptVariant: PROMPT_VARIANT_NAMES[0]!,
    accuracy,
    traceAccuracies: [accuracy],
  };
}

/** A standard normal draw (Box-Muller) from the seeded generator. */
function gaussian(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

import { sampleWithoutReplacement, type Preference, type Rng, type SceneGraph } from '../core/index.js';
import { drawFailure, makeCandidate } from './editors/index.js';
import { drawEdit } from './edits/index.js';
import { generateScene } from './generate-scene.js';
import { oracleScore, type OracleScore } from './oracle.js';
import type { Candidate, WorldEdit } from './types.js';
import { resolveWorldOptions, type WorldOptions } from './world-options.js';

export interface WorldCandidate {
  /** Image id, e.g. 's0003-c2'. */
  id: string;
  candidate: Candidate;
  oracle: OracleScore;
}

export interface WorldPair {
  id: string;
  /** Candidate ids. */
  a: string;
  b: string;
  preference: Preference;
  /** Whether the simulated annotator's noise changed the oracle's preference. */
  noisy: boolean;
}

/** One source scene, its edit, its candidates and the pairs drawn from them. */
export interface WorldItem {
  sourceId: string;
  source: SceneGraph;
  edit: WorldEdit;
  candidates: WorldCandidate[];
  pairs: WorldPair[];
}

/** The oracle's preference: 'same' within the margin, else the higher score. */
export function preferenceOf(a: number, b: number, sameMargin: number): Preference {
  if (Math.abs(a - b) <= sameMargin) return 'same';
  return a > b ? 'a' : 'b';
}

/** A random other answer: what an inattentive annotator writes instead. */
function noisyAnswer(truth: Preference, rng: Rng): Preference {
  const others = (['a', 'b', 'same'] as const).filter((p) => p !== truth);
  return others[rng.int(0, others.length - 1)]!;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Sources, edits, candidates and pairs until `pairs` pairs exist: per source, candidatesPerSource
 * candidates with failure modes drawn from the mix, and every two of them paired (in a random order;
 * the last source gives only the pairs still needed). Pure: no images are made here.
 */
export function makeWorld(options: Partial<WorldOptions>, rng: Rng): WorldItem[] {
  const o = resolveWorldOptions(options);
  const items: WorldItem[] = [];
  let made = 0;
  for (let s = 1; made < o.pairs; s++) {
    const sourceId = `s${pad(s, 4)}`;
    const source = generateScene(rng);
    const edit = drawEdit(source, rng);
    const candidates: WorldCandidate[] = Array.from({ length: o.candidatesPerSource }, (_, i) => {
      const candidate = makeCandidate(source, edit, drawFailure(o.mix, rng), rng);
      return { id: `${sourceId}-c${i + 1}`, candidate, oracle: oracleScore(source, edit, candidate) };
    });
    const combos = candidates.flatMap((x, i) => candidates.slice(i + 1).map((y) => [x, y] as const));
    const pairs: WorldPair[] = [];
    for (const [x, y] of sampleWithoutReplacement(combos, Math.min(combos.length, o.pairs - made), rng)) {
      const [a, b] = rng.next() < 0.5 ? [x, y] : [y, x];
      const truth = preferenceOf(a.oracle.score, b.oracle.score, o.sameMargin);
      const noisy = rng.next() < o.noise;
      made++;
      pairs.push({
        id: `p${pad(made, 5)}`,
        a: a.id,
        b: b.id,
        preference: noisy ? noisyAnswer(truth, rng) : truth,
        noisy,
      });
    }
    items.push({ sourceId, source, edit, candidates, pairs });
  }
  return items;
}

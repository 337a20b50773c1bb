import type { Category, SceneGraph } from '../core/index.js';
import { sameScene } from './editors/index.js';
import { checkOnTruth } from './oracle-checks.js';
import { editDegree } from './oracle-degree.js';
import { artifactSeverity, unrequestedChanges } from './oracle-severity.js';
import type { Candidate, WorldEdit } from './types.js';

export interface OraclePoint {
  question: string;
  category: Category;
  score: 0 | 1;
}

export interface OracleScore {
  /** 0-10, one decimal. */
  score: number;
  points: OraclePoint[];
  /** What moved the score off the weighted points, in words ("unrequested-changes: ... -> cap 4.5"). */
  rulesApplied: string[];
}

const WEIGHTS = {
  'instruction-following': 0.6,
  'feature-preservation': 0.25,
  'image-quality': 0.15,
} as const;
const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The world's human: a careful annotator who knows the true scenes. Every gold principle's check is
 * evaluated on the true scene graphs and artefact list (no pixels), then:
 *
 *   hard rules (PAPER.md): the candidate is the source scene (a no-op, re-encoded or not) -> 0;
 *                          a white border -> 0.
 *   F, K, Q  = share of passed points in following, preservation, quality (1 when a category is empty)
 *   d        = degree of the asked change, 0-1 (oracle-degree: neighbouring shade 0.5, half a move 0.5,
 *              a move under 10% of the side 0, ...)
 *   follow   = 0.5 F + 0.5 d                      following by the questions and by how far it got
 *   base     = 10 (0.6 follow + 0.25 K + 0.15 Q)   following weighs most, as in the embedded judge
 *   capDone  = 2 + 8 d                            an unmet core ask caps the score however clean the rest
 *   capExtra = 6 - 1.5 s (at least 1) when s > 0  s = unrequested changes, an extra object or a new
 *              background weighing 2, any other 1: hallucinations are penalised hard (PAPER.md)
 *   a        = worst artefact's severity, 0-1 (oracle-severity: blur 0.012 is 0.8, blur 0.006 is 0.4)
 *   score    = round1(min(base, capDone, capExtra) x (1 - 0.5 a))
 *
 * So a perfect edit scores 10; a neighbouring shade with all else kept 5.5; the right edit with one
 * other object changed too at most 4.5; the edit plus an invented object at most 3; a wrong target at
 * most 2; blur 0.006 on a perfect edit (its quality point failed) 7.4.
 */
export function oracleScore(source: SceneGraph, edit: WorldEdit, candidate: Candidate): OracleScore {
  const truth = { source, target: edit.target, candidate };
  const points: OraclePoint[] = edit.principles.map((p) => ({
    question: p.question,
    category: p.category,
    score: p.check && checkOnTruth(p.check, truth) ? 1 : 0,
  }));
  if (sameScene(source, candidate.scene)) {
    return {
      score: 0,
      points,
      rulesApplied: ['near-identical: the candidate is the source scene (no edit made)'],
    };
  }
  const border = candidate.artifacts.find((a) => a.kind === 'white-border');
  if (border)
    return {
      score: 0,
      points,
      rulesApplied: [`white-border: a white frame ${border.width} of the side wide`],
    };

  const share = (category: Category) => {
    const mine = points.filter((p) => p.category === category);
    return mine.length === 0 ? 1 : mine.filter((p) => p.score === 1).length / mine.length;
  };
  const d = editDegree(source, edit, candidate.scene);
  const follow = 0.5 * share('instruction-following') + 0.5 * d;
  const base =
    10 *
    (WEIGHTS['instruction-following'] * follow +
      WEIGHTS['feature-preservation'] * share('feature-preservation') +
      WEIGHTS['image-quality'] * share('image-quality'));
  const rulesApplied: string[] = [];
  let score = base;
  const capDone = 2 + 8 * d;
  if (capDone < score) {
    score = capDone;
    rulesApplied.push(
      `incomplete-edit: ${Math.round(d * 100)}% of the asked change -> cap ${round1(capDone)}`,
    );
  }
  const extra = unrequestedChanges(source, edit.target, candidate.scene);
  const capExtra = Math.max(1, 6 - 1.5 * extra.severity);
  if (extra.severity > 0 && capExtra < score) {
    score = capExtra;
    rulesApplied.push(`unrequested-changes: ${extra.items.join(', ')} -> cap ${round1(capExtra)}`);
  }
  const a = artifactSeverity(candidate.artifacts);
  if (a > 0) {
    score *= 1 - 0.5 * a;
    rulesApplied.push(`artifact-damage: severity ${a.toFixed(2)} -> x${(1 - 0.5 * a).toFixed(2)}`);
  }
  return { score: round1(score), points, rulesApplied };
}

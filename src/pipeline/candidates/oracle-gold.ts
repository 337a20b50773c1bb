import { oracleScore, type Candidate } from '../../world/index.js';
import type { WorldInput } from '../inputs/index.js';
import type { GoldLabel } from '../types.js';

/**
 * The world's truth for each gold principle of an EditWorld candidate, as the oracle sees it: the
 * principle's check evaluated on the true scenes and artefacts (not on pixels), with a one-sentence reason.
 */
export function oracleGold(world: WorldInput, candidate: Candidate): GoldLabel[] {
  const { points } = oracleScore(world.scene, world.edit, candidate);
  return points.map((point, i) => {
    const kind = world.edit.principles[i]?.check?.kind ?? 'unchecked';
    const verdict = point.score === 1 ? 'Yes: the' : 'No: the';
    return {
      question: point.question,
      gold: point.score,
      reason: `${verdict} ${kind} check ${point.score === 1 ? 'holds' : 'fails'} on the true scenes (the editor ${candidate.note}).`,
    };
  });
}

import { createHash } from 'node:crypto';
import { createRng, UsageError } from '../../core/index.js';
import { drawFailure, makeCandidate, renderScene } from '../../world/index.js';
import type { CandidateSourceConfig } from '../config/index.js';
import type { PreparedInput } from '../inputs/index.js';
import { canonicalJson } from '../unit-key.js';
import { oracleGold } from './oracle-gold.js';
import { saveCandidateImage } from './save-image.js';
import type { CandidateSource } from './types.js';
import { unplanned } from './unplanned.js';

type EditWorldConfig = Extract<CandidateSourceConfig, { type: 'editworld' }>;

/**
 * The seed of one candidate's stream: the first 32 bits of sha256 over (run seed, input id, index), so
 * each candidate is reproducible alone, in any order, on any worker.
 */
export function candidateSeed(runSeed: number, inputId: string, index: number): number {
  return createHash('sha256')
    .update(canonicalJson([runSeed, inputId, index]))
    .digest()
    .readInt32LE(0);
}

/**
 * EditWorld's simulated editors, for offline runs on EditWorld inputs: `perInput` candidates per input,
 * each with a failure mode drawn from the mix, rendered as PNG into `<workDir>/candidates/`, and carrying
 * the oracle's truth per principle as gold. The same seed gives byte-identical files.
 */
export function createEditWorldSource(config: EditWorldConfig, runSeed: number): CandidateSource {
  const ids = Array.from({ length: config.perInput }, (_, i) => String(i + 1));
  const worldOf = (input: PreparedInput) => {
    if (!input.world) {
      throw new UsageError(
        `candidate source "${config.name}" makes EditWorld candidates, but input "${input.id}" is not an EditWorld input; use inputs: {editworld: ...}`,
      );
    }
    return input.world;
  };
  return {
    name: config.name,
    type: 'editworld',
    resource: 'local',
    plan: (input) => {
      const world = worldOf(input);
      return ids.map((candidateId, index) => ({
        candidateId,
        parts: {
          source: config.name,
          type: 'editworld',
          inputId: input.id,
          sourceSha256: input.sourceSha256,
          instruction: input.instruction,
          seed: runSeed,
          index,
          mix: config.mix,
          size: world.size,
        },
      }));
    },
    async run(input, candidateId, ctx) {
      const world = worldOf(input);
      const index = ids.indexOf(candidateId);
      if (index < 0) throw unplanned(config.name, input.id, candidateId);
      const rng = createRng(candidateSeed(runSeed, input.id, index));
      const candidate = makeCandidate(world.scene, world.edit, drawFailure(config.mix, rng), rng);
      const png = await renderScene(candidate.scene, { size: world.size, artifacts: candidate.artifacts });
      return {
        ...(await saveCandidateImage(ctx.workDir, png, 'png')),
        editor: config.name,
        candidateId,
        oracleGold: oracleGold(world, candidate),
      };
    },
  };
}

import {
  BACKGROUND_COLOR_NAMES,
  OBJECT_COLOR_NAMES,
  SHAPES,
  UsageError,
  type Judge,
  type JudgeInput,
  type SampleSet,
  type Verdict,
} from '../../core/index.js';
import { decodeRaster, loadImage, type Raster } from '../../images/index.js';
import { summarizeSamples } from '../../rrm/index.js';
import { parseScene } from '../../rrm/index.js';
import type { ParsedScene } from '../../rrm/index.js';
import { instructionWords } from './task-features.js';

/** Side the edited image is parsed at (EditWorld renders are smaller and stay as they are). */
const PARSE_SIDE = 512;
/** Mean absolute difference (0-255) under which the edit is the source again: the hard rule's 0. */
const IDENTICAL_MAD = 0.5;
/** The score when the instruction names nothing the scorer can look for (a tone or text edit). */
const NO_OPINION = 5;

const PATTERN_WORDS: Record<string, string[]> = {
  solid: ['plain', 'solid'],
  striped: ['striped'],
  dotted: ['dotted'],
  checkered: ['checkered'],
};
const BACKGROUND_WORDS: Record<string, string[]> = { sand: ['sand', 'sandy'] };

/** The words the edited picture shows: its objects' colours, shapes and patterns, and its background. */
function pictureWords(scene: ParsedScene): Set<string> {
  const words = new Set<string>();
  for (const o of scene.objects) {
    words.add(o.color).add(o.shape);
    for (const w of PATTERN_WORDS[o.pattern] ?? []) words.add(w);
  }
  for (const w of BACKGROUND_WORDS[scene.background.color] ?? [scene.background.color]) words.add(w);
  return words;
}

/** Every word a picture of this vocabulary can show: the concepts an instruction can name. */
const CONCEPTS = new Set<string>([
  ...OBJECT_COLOR_NAMES,
  ...SHAPES,
  ...Object.values(PATTERN_WORDS).flat(),
  ...BACKGROUND_COLOR_NAMES.flatMap((c) => BACKGROUND_WORDS[c] ?? [c]),
]);

function meanAbsoluteDifference(a: Raster, b: Raster): number {
  if (a.width !== b.width || a.height !== b.height) return Infinity;
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
}

/**
 * The holistic comparison reward (issue 6, last row): one overall score, no principles, no
 * verification, in the manner of a CLIP-score reward. It reads the edited picture with the scene
 * parser and scores 10 x the share of the concepts the instruction names (colours, shapes, patterns,
 * background colours) that the picture shows; 0 for an edit identical to its source (the paper's
 * hard rule, which every judge here applies); 5 when the instruction names no such concept. Like
 * image-text similarity it cannot read negation or change: "remove the red circle" is best served,
 * in its eyes, by keeping the red circle. That blindness is what the comparison with the RRM shows.
 */
export function createHolisticJudge(): Judge {
  async function run(input: JudgeInput): Promise<Verdict> {
    const started = performance.now();
    const [source, edited] = await Promise.all([loadImage(input.source), loadImage(input.edited)]);
    const [a, b] = await Promise.all([decodeRaster(source, PARSE_SIDE), decodeRaster(edited, PARSE_SIDE)]);
    const mad = meanAbsoluteDifference(a, b);
    const concepts = [...new Set(instructionWords(input.instruction).filter((w) => CONCEPTS.has(w)))];
    const shown = pictureWords(parseScene(b));
    const matched = concepts.filter((w) => shown.has(w));
    const similarity = concepts.length === 0 ? NO_OPINION : (10 * matched.length) / concepts.length;
    const identical = mad < IDENTICAL_MAD;
    const finalScore = identical ? 0 : Math.round(similarity * 100) / 100;
    return {
      points: [],
      averageScore: null,
      finalScore,
      trace:
        `instruction concepts [${concepts.join(', ')}], shown in the edit [${matched.join(', ')}]: ` +
        `similarity ${similarity.toFixed(2)}` +
        (identical ? `; the edit is the source (mean difference ${mad.toFixed(2)}/255): 0` : ''),
      judge: 'holistic-similarity',
      rulesApplied: identical
        ? [
            {
              rule: 'near-identical',
              reason: `mean absolute difference ${mad.toFixed(2)}/255`,
              scoreBefore: similarity,
            },
          ]
        : [],
      verifiedShare: 0,
      latencyMs: performance.now() - started,
    };
  }
  return {
    id: 'holistic-similarity',
    judge: (input) => run(input),
    // Deterministic: N samples are one judgement repeated.
    async sample(input, n): Promise<SampleSet> {
      if (!Number.isInteger(n) || n < 1)
        throw new UsageError(`the number of samples must be a whole number >= 1, got ${n}`);
      const verdict = await run(input);
      const verdicts = Array.from({ length: n }, () => structuredClone(verdict));
      return { verdicts, failures: [], summary: summarizeSamples(verdicts, []), principles: [] };
    },
  };
}

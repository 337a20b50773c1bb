import { LRUCache } from 'lru-cache';
import {
  averageOfPoints,
  checkPrinciples,
  verifiedShareOf,
  UsageError,
  type Decomposer,
  type Judge,
  type JudgeInput,
  type JudgeOptions,
  type Principle,
  type SampleSet,
  type Verdict,
} from '../../core/index.js';
import {
  comparePixels,
  decodeRaster,
  loadImage,
  type ImageLimits,
  type LoadedImage,
  type Raster,
} from '../../images/index.js';
import { createRuleDecomposer } from '../../principles/index.js';
import { summarizeSamples } from '../ensemble.js';
import { applyHardRules } from '../hard-rules.js';
import { buildTrace } from './build-trace.js';
import { SCENE_SIDE, type CheckContext } from './check-result.js';
import { NoVerifiablePrincipleError } from './errors.js';
import { evaluatePrinciple, type EvaluatedPrinciple } from './evaluate-check.js';
import { scoreVerifiedPoints, type ScoreAdjustments } from './final-score.js';
import { scanQuality, scanRule } from './quality-scan.js';
import { createOcrReader, type OcrLine, type OcrReader } from './ocr-reader.js';
import { parseScene } from './scene/parse-scene.js';
import type { ParsedScene } from './scene/types.js';

export interface EmbeddedJudgeOptions {
  /** Writes principles when the input has none (default: the rule decomposer, whose principles carry checks). */
  decomposer?: Decomposer;
  imageLimits?: Partial<ImageLimits> | undefined;
  /** Longest side both images are compared at (images/ default when absent). */
  analysisSide?: number;
  /** OCR for text checks (default: @gutenye/ocr-node, loaded on the first text check). */
  ocr?: OcrReader;
}

function givenPrinciples(principles: Principle[]): Principle[] {
  const parsed = checkPrinciples(principles);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new UsageError(`invalid principles at '${issue.path.join('.')}': ${issue.message}`);
}

type Which = 'source' | 'edited';

/**
 * Parsed scenes by image hash: a source is judged against every candidate edit of it (a pair, a GRPO
 * group), and its parse does not change. A few hundred scenes are a few hundred KB.
 */
type SceneCache = LRUCache<string, ParsedScene>;
const SCENES_KEPT = 512;

/** OCR, decoding and scene parsing run at most once per image, and only when a check asks. */
function checkContext(
  facts: CheckContext['facts'],
  images: Record<Which, LoadedImage>,
  ocr: OcrReader,
  sceneCache: SceneCache,
): CheckContext {
  const text: Partial<Record<Which, Promise<OcrLine[]>>> = {};
  const rasters: Partial<Record<Which, Promise<Raster>>> = {};
  const readRaster = (which: Which): Promise<Raster> =>
    (rasters[which] ??= decodeRaster(images[which], SCENE_SIDE));
  // Memoised per judgement as promises, so the checks that ask at once share one parse.
  const scenes: Partial<Record<Which, Promise<ParsedScene>>> = {};
  async function parseOnce(which: Which): Promise<ParsedScene> {
    const key = images[which].hash;
    const cached = sceneCache.get(key);
    if (cached) return cached;
    const scene = parseScene(await readRaster(which));
    sceneCache.set(key, scene);
    return scene;
  }
  return {
    facts,
    readText: (which) => (text[which] ??= ocr.read(images[which])),
    readRaster,
    readScene: (which) => (scenes[which] ??= parseOnce(which)),
  };
}

/** Failed checks whose unrequested-change weight is not given count this much (one stray change). */
const DEFAULT_UNREQUESTED = 1;
/** A failed locality check or a repainted background weighs as much as an invented object. */
const BROAD_UNREQUESTED = 2;

/**
 * What the failed checks found beyond their 0: the unrequested changes (several objects-kept points
 * look at the same objects, so the largest of their findings counts, plus the background and the
 * locality check) and the worst artefact.
 */
function scoreAdjustments(
  principles: readonly Principle[],
  evaluated: readonly EvaluatedPrinciple[],
): ScoreAdjustments {
  let objects = 0;
  let broad = 0;
  let artifactSeverity = 0;
  evaluated.forEach(({ result }, i) => {
    if (result.score !== 0) return;
    const kind = principles[i]!.check?.kind;
    if (kind === 'objects-kept') objects = Math.max(objects, result.unrequested ?? DEFAULT_UNREQUESTED);
    if (kind === 'background-kept' || kind === 'change-localized') broad = BROAD_UNREQUESTED;
    artifactSeverity = Math.max(artifactSeverity, result.artifactSeverity ?? 0);
  });
  const core = principles.findIndex((p) => p.category === 'instruction-following');
  const coreFailed = core >= 0 && evaluated[core]!.result.score === 0;
  return { unrequested: objects + broad, artifactSeverity, coreFailed };
}

/**
 * The offline judge: verifies what pixels and OCR can answer, marks the rest "needs a VLM", and scores
 * from what it verified (final-score.ts), then applies the hard rules. It never scores a point it
 * could not check, and it refuses to score an edit when it checked nothing and no hard rule decided.
 */
export function createEmbeddedJudge(options: EmbeddedJudgeOptions = {}): Judge {
  const decomposer = options.decomposer ?? createRuleDecomposer();
  const ocr = options.ocr ?? createOcrReader();
  const compare = options.analysisSide === undefined ? {} : { analysisSide: options.analysisSide };
  const sceneCache: SceneCache = new LRUCache({ max: SCENES_KEPT });

  async function run(
    input: JudgeInput,
    opts: JudgeOptions = {},
  ): Promise<{ verdict: Verdict; principles: Principle[] }> {
    const started = performance.now();
    const given = input.principles && givenPrinciples(input.principles);
    const [source, edited, principles] = await Promise.all([
      loadImage(input.source, options.imageLimits),
      loadImage(input.edited, options.imageLimits),
      given ?? decomposer.decompose({ source: input.source, instruction: input.instruction }, opts),
    ]);
    opts.signal?.throwIfAborted();

    const facts = await comparePixels(source, edited, compare);
    const context = checkContext(facts, { source, edited }, ocr, sceneCache);
    const [evaluated, scan] = await Promise.all([
      Promise.all(principles.map((p) => evaluatePrinciple(p, context))),
      scanQuality(principles, input.instruction, context),
    ]);
    opts.signal?.throwIfAborted();
    const points = evaluated.map((e) => e.point);

    const adjustments = scoreAdjustments(principles, evaluated);
    const fromPrinciples = scoreVerifiedPoints(points, adjustments);
    // Artefacts the principles did not ask about count when they are worse than what the principles found.
    const scanWorse = scan.artifactSeverity > (adjustments.artifactSeverity ?? 0);
    const breakdown = scanWorse
      ? scoreVerifiedPoints(points, { ...adjustments, artifactSeverity: scan.artifactSeverity })
      : fromPrinciples;
    const hard = applyHardRules(facts, breakdown.score, input.instruction);
    const { finalScore } = hard;
    const rulesApplied = [...(scanWorse ? scanRule(scan, fromPrinciples.score) : []), ...hard.rulesApplied];
    // Null only when nothing was verified and no hard rule decided: there is no score to give.
    if (finalScore === null) throw new NoVerifiablePrincipleError(principles.length);
    const verdict: Verdict = {
      points,
      averageScore: averageOfPoints(points),
      finalScore,
      trace: buildTrace({ facts, points, breakdown, rulesApplied, finalScore }),
      judge: 'embedded',
      rulesApplied,
      verifiedShare: verifiedShareOf(points),
      latencyMs: performance.now() - started,
    };
    return { verdict, principles };
  }

  return {
    id: 'embedded',
    judge: async (input, opts) => (await run(input, opts)).verdict,
    // Deterministic: the same images and principles always give the same verdict, so N samples are
    // one judgement repeated (std 0). It is judged once and copied rather than recomputed N times.
    async sample(input, n, opts): Promise<SampleSet> {
      if (!Number.isInteger(n) || n < 1)
        throw new UsageError(`the number of samples must be a whole number >= 1, got ${n}`);
      const { verdict, principles } = await run(input, opts);
      const verdicts = Array.from({ length: n }, () => structuredClone(verdict));
      return { verdicts, failures: [], summary: summarizeSamples(verdicts, []), principles };
    },
  };
}

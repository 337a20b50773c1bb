import type { AppliedRule, Check, Principle } from '../../core/index.js';
import type { CheckContext } from './check-result.js';
import { evaluateCheck } from './evaluate-check.js';

/**
 * PAPER.md section 2: besides the principles, the RRM checks over-sharpening, oversaturation and
 * colour cast. A person sees a blurred or blown-out picture whatever the questions were, so the
 * embedded judge runs the quality checks the principles left out, unless the instruction asks for the
 * very thing a check would flag (a blurred background, more vivid colours, a warmer light).
 */
const ASKS_FOR_BLUR_OR_GRAIN =
  /\b(?:blur\w*|soft\w*|bokeh|defocus\w*|focus|grain\w*|nois\w*|pixel\w*|jpe?g|compress\w*)\b/i;
const ASKS_FOR_SATURATION = /\b(?:saturat\w*|vivid\w*|vibrant\w*|colou?rful|pop\w*|intens\w*)\b/i;
const ASKS_FOR_COLOUR_SHIFT =
  /\b(?:warm\w*|cool\w*|colou?r\w*|tint\w*|tone\w*|filter\w*|sepia|hue\w*|white balance|light\w*|sunset|golden|vintage|style\w*)\b/i;

/** Scene checks: principles that speak of objects and grounds, so the scene parser can read these images. */
const SCENE_KINDS = new Set<Check['kind']>([
  'object-becomes',
  'object-present',
  'object-absent',
  'object-count',
  'object-moved',
  'object-resized',
  'objects-kept',
  'background-color',
  'background-kept',
  'sign-text',
  'sign-kept',
]);

/** The checks to run beyond the principles for this instruction. */
export function scanChecks(principles: readonly Principle[], instruction: string): Check[] {
  const kinds = new Set(principles.map((p) => p.check?.kind));
  const checks: Check[] = [];
  if (!kinds.has('no-artifacts') && !ASKS_FOR_BLUR_OR_GRAIN.test(instruction))
    checks.push({ kind: 'no-artifacts' });
  if (!kinds.has('not-oversaturated') && !ASKS_FOR_SATURATION.test(instruction)) {
    checks.push({ kind: 'not-oversaturated', maxClippedShare: 0.05 });
  }
  // The cast check reads the scene's ground and objects: only where the principles show it is such a scene.
  const sceneLike = principles.some((p) => p.check && SCENE_KINDS.has(p.check.kind));
  if (sceneLike && !kinds.has('no-color-cast') && !ASKS_FOR_COLOUR_SHIFT.test(instruction)) {
    checks.push({ kind: 'no-color-cast' });
  }
  return checks;
}

export interface QualityScan {
  /** The worst artefact found, 0-1 (0: none). */
  artifactSeverity: number;
  /** What was found, one line per check that failed. */
  findings: string[];
}

export async function scanQuality(
  principles: readonly Principle[],
  instruction: string,
  context: CheckContext,
): Promise<QualityScan> {
  const results = await Promise.all(
    scanChecks(principles, instruction).map(async (check) => ({
      check,
      result: await evaluateCheck(check, context),
    })),
  );
  const failed = results.filter(({ result }) => result.score === 0);
  return {
    artifactSeverity: Math.max(0, ...failed.map(({ result }) => result.artifactSeverity ?? 0)),
    findings: failed.map(({ check, result }) => `${check.kind}: ${result.reason}`),
  };
}

/** The scan's entry in a verdict's rulesApplied, when it found anything. */
export function scanRule(scan: QualityScan, scoreBefore: number | null): AppliedRule[] {
  if (scan.findings.length === 0) return [];
  return [
    {
      rule: 'artefacts',
      reason: `beyond the principles (severity ${scan.artifactSeverity.toFixed(2)}): ${scan.findings.join('; ')}`,
      scoreBefore,
    },
  ];
}

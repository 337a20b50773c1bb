import type { PointVerdict, Principle } from '../core/index.js';
import { averageOfPoints, splitThinking, UsageError } from '../core/index.js';
import { extractFinalScore } from './extract-final-score.js';
import { extractPointList } from './extract-point-list.js';
import { matchPoints } from './match-points.js';
import type { ParseContext } from './parse-context.js';
import { createParseContext } from './parse-context.js';

export type ParseMode = 'tolerant' | 'strict';

export interface ParseOptions {
  /** 'tolerant' (default) repairs what it safely can and warns; 'strict' refuses repairs and ambiguity. */
  mode?: ParseMode;
  /** Clamp a final score outside 0-10 into range (with a warning) instead of refusing the reply. */
  clampOutOfRange?: boolean;
  /** The choice's finish reason: 'length' means the reply was cut off, so an unclosed score is refused. */
  finishReason?: string | undefined;
}

/** What the paper's Phi reads from a reply. The raw text stays with the caller (and on every ParseError). */
export interface ParsedReply {
  /** One per principle, in the principles' order; score null where the reply gave none usable. */
  points: PointVerdict[];
  /** The {"average_score": x} the reply stated, when it stated one (we compute our own from the points). */
  reportedAverage?: number;
  finalScore: number;
  warnings: string[];
}

const AVERAGE = /["']?average[_\s-]?score["']?\s*[:=]\s*([-+]?\d+(?:\.\d+)?)/gi;
/** Rounding a mean to two decimals (2/3 -> 0.67) is not a disagreement. */
const AVERAGE_TOLERANCE = 0.01;

/** The answer after a reasoning model's <think> block; the thinking itself is trace, not answer. */
function answerPart(raw: string, ctx: ParseContext): string {
  const { answer, unfinished } = splitThinking(raw);
  if (unfinished) ctx.fail('the reply ends inside its <think> block, before any answer: raise maxTokens');
  return answer;
}

/**
 * Phi: the final score and per-principle points of a judge reply. Throws ParseError (raw text kept) when
 * the reply is empty, a refusal, cut off before its score, or has no score or an out-of-range one.
 */
export function parseJudgeReply(
  raw: string,
  principles: readonly Principle[],
  options: ParseOptions = {},
): ParsedReply {
  if (principles.length === 0) throw new UsageError('parseJudgeReply needs the principles the reply answers');
  const ctx = createParseContext(raw, options.mode === 'strict');
  if (raw.trim() === '') ctx.fail('the reply is empty');
  const answer = answerPart(raw, ctx);
  if (answer.trim() === '') ctx.fail('the reply has nothing after its </think> block');
  const finalScore = extractFinalScore(
    answer,
    { truncated: options.finishReason === 'length', clampOutOfRange: options.clampOutOfRange === true },
    ctx,
  );
  const reported = extractPointList(answer, ctx);
  if (!reported) {
    if (ctx.strict) ctx.fail('the reply has no JSON list of per-principle scores');
    ctx.warnings.push('the reply has no readable per-principle list: every principle is left unscored');
  }
  const points = matchPoints(principles, reported ?? [], ctx);
  const parsed: ParsedReply = { points, finalScore, warnings: ctx.warnings };
  const stated = [...answer.matchAll(AVERAGE)].at(-1)?.[1];
  if (stated !== undefined) {
    parsed.reportedAverage = Number(stated);
    const computed = averageOfPoints(points);
    if (computed !== null && Math.abs(parsed.reportedAverage - computed) > AVERAGE_TOLERANCE) {
      ctx.warnings.push(
        `the reply states average_score ${stated}, but its points average ${computed.toFixed(3)}`,
      );
    }
  }
  return parsed;
}

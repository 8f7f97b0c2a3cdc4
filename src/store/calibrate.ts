/**
 * Fits the confidence thresholds over `answer.confidence.score` from judged points (reviewer 👍/👎 and eval
 * results). The rule, chosen so a clinician can check it by hand:
 * - `low` (below it Rounds abstains) is the score that best separates good from bad answers: max TPR − FPR
 *   (Youden's J). On ties the higher score wins: abstaining costs less than a wrong clinical answer.
 * - `medium` / `high` are the lowest scores at which everything at or above is approved ≥ 85% / ≥ 95% of the
 *   time, never below `low` (nor `high` below `medium`).
 * With too few points (or only good or only bad ones) a threshold keeps its current value: a rule fitted on a
 * handful of ratings would move abstention for every clinician on noise.
 */

import type { Thresholds } from '../core/confidence.js';
import { CONFIDENCE_MODEL } from '../core/confidence-model.js';

export type { Thresholds };

export interface JudgedPoint {
  score: number;
  good: boolean;
}

export interface FitOptions {
  current?: Thresholds;
  /** Points needed before `low` is fitted (and at or above a candidate for medium/high). */
  minSamples?: number;
  mediumTarget?: number;
  highTarget?: number;
}

export interface FitResult extends Thresholds {
  /** Which thresholds were fitted and which kept, and why. */
  notes: string[];
  youden?: number;
}

/** Used when the config file has no thresholds yet: the defaults the confidence model was fitted with. */
export const FALLBACK_THRESHOLDS: Thresholds = CONFIDENCE_MODEL.thresholds;

const round = (x: number) => Math.round(x * 1000) / 1000;

export function fitThresholds(points: JudgedPoint[], opts: FitOptions = {}): FitResult {
  const current = opts.current ?? FALLBACK_THRESHOLDS;
  const minSamples = opts.minSamples ?? 30;
  const mediumTarget = opts.mediumTarget ?? 0.85;
  const highTarget = opts.highTarget ?? 0.95;
  const valid = points.filter((p) => Number.isFinite(p.score) && p.score >= 0 && p.score <= 1);
  const notes: string[] = [];
  if (valid.length < points.length) notes.push(`${points.length - valid.length} points ignored: score outside [0, 1]`);
  const goods = valid.filter((p) => p.good).length;
  const bads = valid.length - goods;
  const candidates = [...new Set(valid.map((p) => p.score))].sort((a, b) => a - b);

  let low = current.low;
  let youden: number | undefined;
  if (valid.length < minSamples) {
    notes.push(`low kept at ${current.low}: ${valid.length} judged points, at least ${minSamples} needed`);
  } else if (goods === 0 || bads === 0) {
    notes.push(`low kept at ${current.low}: all ${valid.length} points are ${goods ? 'good' : 'bad'}, nothing to separate`);
  } else {
    let best = -Infinity;
    for (const t of candidates) {
      let tp = 0;
      let fp = 0;
      for (const p of valid) if (p.score >= t) p.good ? tp++ : fp++;
      const j = tp / goods - fp / bads;
      if (j >= best) {
        best = j;
        low = t;
      }
    }
    youden = round(best);
    notes.push(`low fitted at ${round(low)} (Youden J ${youden} over ${valid.length} points)`);
  }

  const tailThreshold = (target: number, name: string, keep: number, floor: number): number => {
    for (const t of candidates) {
      if (t < floor) continue;
      const tail = valid.filter((p) => p.score >= t);
      if (tail.length < minSamples) break;
      const rate = tail.filter((p) => p.good).length / tail.length;
      if (rate >= target) {
        notes.push(`${name} fitted at ${round(t)}: ${Math.round(rate * 100)}% of ${tail.length} answers at or above are good`);
        return t;
      }
    }
    const kept = Math.max(keep, floor);
    notes.push(
      `${name} kept at ${round(kept)}: no score with at least ${minSamples} points at or above reaches ${Math.round(target * 100)}% good${kept !== keep ? ` (raised from ${keep} to stay >= the lower threshold)` : ''}`,
    );
    return kept;
  };
  const medium = tailThreshold(mediumTarget, 'medium', current.medium, low);
  const high = tailThreshold(highTarget, 'high', current.high, medium);
  const result: FitResult = { high: round(high), medium: round(medium), low: round(low), notes };
  if (youden !== undefined) result.youden = youden;
  return result;
}

export type Band = 'high' | 'medium' | 'low' | 'insufficient';

export function band(score: number, t: Thresholds): Band {
  if (score >= t.high) return 'high';
  if (score >= t.medium) return 'medium';
  if (score >= t.low) return 'low';
  return 'insufficient';
}

export interface BandFigures {
  band: Band;
  count: number;
  approvedRate?: number;
}

/** Per-label counts and approved rates, and the share answered (score >= low), under given thresholds. */
export function figures(points: JudgedPoint[], t: Thresholds): { bands: BandFigures[]; answeredShare?: number; answeredGoodRate?: number } {
  const bands: BandFigures[] = (['high', 'medium', 'low', 'insufficient'] as Band[]).map((b) => {
    const inBand = points.filter((p) => band(p.score, t) === b);
    const f: BandFigures = { band: b, count: inBand.length };
    if (inBand.length) f.approvedRate = inBand.filter((p) => p.good).length / inBand.length;
    return f;
  });
  const answered = points.filter((p) => p.score >= t.low);
  const out: { bands: BandFigures[]; answeredShare?: number; answeredGoodRate?: number } = { bands };
  if (points.length) out.answeredShare = answered.length / points.length;
  if (answered.length) out.answeredGoodRate = answered.filter((p) => p.good).length / answered.length;
  return out;
}

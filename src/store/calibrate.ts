/**
 * Fits the confidence thresholds over `answer.confidence.score` from judged points (reviewer 👍/👎 and eval
 * results). The rule, chosen so a clinician can check it by hand:
 * - `low` (below it Rounds abstains) is the score that best separates good from bad answers: max TPR − FPR
 *   (Youden's J). On ties the higher score wins: abstaining costs less than a wrong clinical answer.
 * - `medium` / `high` are the lowest scores at which everything at or above is approved ≥ 85% / ≥ 95% of the
 *   time, never below `low` (nor `high` below `medium`).
 * With too few points (or only good or only bad ones) a threshold keeps its current value: a rule fitted on a
 * handful of ratings would move abstention for every clinician on noise.
 * Points that abstained because of a check outside the score (a scope statement, a medicine the knowledge base
 * lacks) abstain whatever the thresholds: they are counted as "insufficient" and left out of the fit.
 * Thresholds that collapse labels (two equal, or a label that held answers and would hold none) are reported in
 * `collapsed`: written, they would tell every reader the same thing, so `rounds calibrate` refuses them.
 */

import type { Thresholds } from '../core/confidence/labels.js';
import { CONFIDENCE_MODEL } from '../core/confidence/model.js';

export type { Thresholds };

export interface JudgedPoint {
  score: number;
  good: boolean;
  /** Abstained because of a check outside the score: stays an abstention under any thresholds. */
  abstainedByCheck?: boolean;
  /**
   * The label the point was given and the thresholds it was given under (eval results round scores to 4
   * decimals, so a score just under a threshold can read as just over it): figures under those same thresholds
   * count the label as given, so "before" matches the eval's own counts.
   */
  given?: { label: Band; under: Thresholds };
}

const sameThresholds = (a: Thresholds, b: Thresholds) => a.high === b.high && a.medium === b.medium && a.low === b.low;

function bandOf(p: JudgedPoint, t: Thresholds): Band {
  if (p.given && sameThresholds(p.given.under, t)) return p.given.label;
  return band(p.score, t, p.abstainedByCheck);
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
  /** Why these thresholds would collapse labels (empty when they do not). */
  collapsed: string[];
}

/** Used when the config file has no thresholds yet: the defaults the confidence model was fitted with. */
export const FALLBACK_THRESHOLDS: Thresholds = CONFIDENCE_MODEL.thresholds;

const round = (x: number) => Math.round(x * 1000) / 1000;

export function fitThresholds(points: JudgedPoint[], opts: FitOptions = {}): FitResult {
  const current = opts.current ?? FALLBACK_THRESHOLDS;
  const minSamples = opts.minSamples ?? 30;
  const mediumTarget = opts.mediumTarget ?? 0.85;
  const highTarget = opts.highTarget ?? 0.95;
  const inRange = points.filter((p) => Number.isFinite(p.score) && p.score >= 0 && p.score <= 1);
  const notes: string[] = [];
  if (inRange.length < points.length) notes.push(`${points.length - inRange.length} points ignored: score outside [0, 1]`);
  const valid = inRange.filter((p) => !p.abstainedByCheck);
  if (valid.length < inRange.length) {
    notes.push(`${inRange.length - valid.length} points left out of the fit: abstained by a check outside the score (scope, medicine)`);
  }
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
  const fitted: Thresholds = { high: round(high), medium: round(medium), low: round(low) };
  const result: FitResult = { ...fitted, notes, collapsed: collapsedLabels(inRange, current, fitted) };
  if (youden !== undefined) result.youden = youden;
  return result;
}

const LABEL_NAME: Record<Band, string> = { high: 'High', medium: 'Medium', low: 'Low', insufficient: 'Not enough evidence' };

/** Reasons the `after` thresholds would make labels meaningless; empty when every label still means something. */
export function collapsedLabels(points: JudgedPoint[], before: Thresholds, after: Thresholds): string[] {
  const reasons: string[] = [];
  if (after.high === after.medium && after.medium === after.low) {
    reasons.push(
      `high, medium and low would all be ${after.low}: every answer given would be labelled "High", so the label would no longer tell a reader how far to trust it`,
    );
  } else if (after.medium === after.low) {
    reasons.push(`medium would equal low (${after.low}): no answer could be labelled "Low"`);
  } else if (after.high === after.medium) {
    reasons.push(`high would equal medium (${after.medium}): no answer could be labelled "Medium"`);
  }
  if (reasons.length === 0) {
    const b = figures(points, before).bands;
    const a = figures(points, after).bands;
    for (const [i, fb] of b.entries()) {
      const fa = a[i]!;
      if (fb.band !== 'insufficient' && fb.count > 0 && fa.count === 0) {
        reasons.push(`"${LABEL_NAME[fb.band]}" held ${fb.count} of the judged answers and would hold none`);
      }
    }
  }
  return reasons;
}

export type Band = 'high' | 'medium' | 'low' | 'insufficient';

export function band(score: number, t: Thresholds, abstainedByCheck = false): Band {
  if (abstainedByCheck) return 'insufficient';
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
    const inBand = points.filter((p) => bandOf(p, t) === b);
    const f: BandFigures = { band: b, count: inBand.length };
    if (inBand.length) f.approvedRate = inBand.filter((p) => p.good).length / inBand.length;
    return f;
  });
  const answered = points.filter((p) => bandOf(p, t) !== 'insufficient');
  const out: { bands: BandFigures[]; answeredShare?: number; answeredGoodRate?: number } = { bands };
  if (points.length) out.answeredShare = answered.length / points.length;
  if (answered.length) out.answeredGoodRate = answered.filter((p) => p.good).length / answered.length;
  return out;
}

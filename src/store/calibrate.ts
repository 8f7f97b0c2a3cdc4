/**
 * Fits the confidence thresholds over `answer.confidence.score` from judged points (reviewer 👍/👎 and eval
 * results). The rule, chosen so a clinician can check it by hand:
 * - `low` (below it Rounds abstains) rises past answers that were mostly wrong: it is the lowest score, not
 *   below the current one, at which the `minSamples` answers at or above it are good at least half the time.
 *   (Youden's J, used before, puts the line where good and bad separate best: on 300 synthetic reviewer ratings
 *   it abstained on 140 given answers, 52% of them approved, and left no room for Medium or Low.)
 * - `medium` / `high` are the lowest scores at which everything at or above is approved ≥ 85% / ≥ 95% of the
 *   time, never below `low` (nor `high` below `medium`).
 * With too few points a threshold keeps its current value: a rule fitted on a handful of ratings would move
 * abstention for every clinician on noise.
 * Points that abstained because of a check outside the score (a scope statement, a medicine the knowledge base
 * lacks) abstain whatever the thresholds: they are counted as "insufficient" and left out of the fit.
 * Thresholds that collapse labels (two equal, or a label that held answers and would hold none) are reported in
 * `collapsed`: written, they would tell every reader the same thing, so `rounds calibrate` keeps the current
 * thresholds instead (and still measures the labels' figures under them).
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
  /** Shown at most as Low whatever the score (a question word the knowledge base never uses; see answer.ts). */
  capLow?: boolean;
  /** The confidence features recorded with the answer: rescored, and refitted on, by `rounds calibrate`. */
  features?: Record<string, number>;
}

const sameThresholds = (a: Thresholds, b: Thresholds) => a.high === b.high && a.medium === b.medium && a.low === b.low;

/** The label a point gets under `t`: as given when figured under the thresholds it was given under; capped at Low. */
export function bandOf(p: JudgedPoint, t: Thresholds): Band {
  if (p.given && sameThresholds(p.given.under, t)) return p.given.label;
  const b = band(p.score, t, p.abstainedByCheck);
  return p.capLow && (b === 'high' || b === 'medium') ? 'low' : b;
}

export interface FitOptions {
  current?: Thresholds;
  /** Points needed before `low` is fitted (and at or above a candidate for medium/high). */
  minSamples?: number;
  mediumTarget?: number;
  highTarget?: number;
  /** Share of approved answers just above the abstention line below which the line moves up (0.5). */
  lowFloor?: number;
}

export interface FitResult extends Thresholds {
  /** Which thresholds were fitted and which kept, and why. */
  notes: string[];
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
  const candidates = [...new Set(valid.map((p) => p.score))].sort((a, b) => a - b);

  const low = fitLow(valid, current.low, minSamples, opts.lowFloor ?? 0.5, notes);
  const tailThreshold = (target: number, name: string, keep: number, floor: number): number => {
    for (const t of candidates) {
      if (t < floor) continue;
      // A capped answer is Low whatever its score: it says nothing about what Medium or High would promise.
      const tail = valid.filter((p) => p.score >= t && !p.capLow);
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
  return { ...fitted, notes, collapsed: collapsedLabels(inRange, current, fitted) };
}

/**
 * The abstention line: the lowest score, not below the current line, at which the `window` answers at or above
 * it are approved at least `floor` of the time. It only rises: reviewers see only answers that were given, and
 * answering more on the strength of an eval set is for the model's own fit (scripts/fit-confidence.ts).
 */
function fitLow(valid: JudgedPoint[], current: number, window: number, floor: number, notes: string[]): number {
  const sorted = valid.filter((p) => p.score >= current).sort((a, b) => a.score - b.score);
  const at = (i: number) => sorted[i]?.score ?? current;
  const share = (i: number) => sorted.slice(i, i + window).filter((p) => p.good).length / window;
  for (let i = 0; i + window <= sorted.length; i += 1) {
    if (i > 0 && at(i) === at(i - 1)) continue;
    const s = share(i);
    if (s < floor) continue;
    if (i === 0) {
      notes.push(`low kept at ${current}: the ${window} lowest-scored answers at or above it are ${Math.round(s * 100)}% good`);
      return current;
    }
    notes.push(
      `low fitted at ${round(at(i))}: the ${window} answers at or above it are ${Math.round(s * 100)}% good, the ${i} below it mostly not`,
    );
    return at(i);
  }
  notes.push(
    sorted.length < window
      ? `low kept at ${current}: ${sorted.length} judged points at or above it, at least ${window} needed`
      : `low kept at ${current}: no ${window} answers in a row are at least ${Math.round(floor * 100)}% good`,
  );
  return current;
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

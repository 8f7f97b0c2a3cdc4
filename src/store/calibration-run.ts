/**
 * One `rounds calibrate` run, without I/O: the judged points (reviewer verdicts, eval results) are rescored with
 * the model in use, checked against the minimums (calibration-gate.ts), the weights refitted where there are
 * enough, the thresholds fitted (calibrate.ts), and the figures each label would then state measured with their
 * 95% intervals. The outcome is either a calibration to write or the reason it is refused.
 */
import { score } from '../core/confidence/labels.js';
import type { ConfidenceModel, MeasuredAs, MeasuredFigure, Thresholds } from '../core/confidence/model-types.js';
import type { ConfidenceLabel } from '../core/types.js';
import { type Band, type FitResult, figures, fitThresholds, type JudgedPoint } from './calibrate.js';
import { type Interval, interval, shortfall, shortfallText, tooWide, WEIGHTS_MINIMUM } from './calibration-gate.js';
import type { ReviewerPoints } from './calibration-points.js';
import { type LogisticWeights, refitWeights } from './refit-weights.js';

export interface CalibrationInput {
  reviewers: ReviewerPoints;
  evalPoints: JudgedPoint[];
  /** The model answers use now (shipped, or with the deployment's earlier calibration merged in). */
  inUse: ConfidenceModel;
  /** The shipped model: the weights a refit is pulled towards. */
  shipped: ConfidenceModel;
  minSamples: number;
  /** YYYY-MM-DD, named in the figures' source. */
  date: string;
}

export interface BandRow {
  band: Band;
  count: number;
  approved?: Interval;
}

export interface Calibration {
  thresholds: Thresholds;
  /** The weights the thresholds were fitted under, when they are not the shipped model's. */
  weights?: LogisticWeights;
  measured: Partial<Record<ConfidenceLabel, MeasuredFigure>>;
  measuredOn: string;
  measuredAs: MeasuredAs;
}

export interface CalibrationOutcome {
  /** Judged points used (abstentions stopped by a check outside the score excluded), and how many are 👎. */
  rated: number;
  down: number;
  notes: string[];
  before: { thresholds: Thresholds; rows: BandRow[] };
  after?: { thresholds: Thresholds; rows: BandRow[]; fit: FitResult };
  /** Why nothing may be written; undefined when `calibration` holds what to write. */
  refused?: string;
  calibration?: Calibration;
}

function rows(points: JudgedPoint[], t: Thresholds): BandRow[] {
  return figures(points, t).bands.map((b) => {
    const row: BandRow = { band: b.band, count: b.count };
    const i = interval(Math.round((b.approvedRate ?? 0) * b.count), b.count);
    if (i) row.approved = i;
    return row;
  });
}

/** Points whose recorded features hold every weight the model scores: these are rescored (and refitted on). */
function complete(p: JudgedPoint, names: string[]): p is JudgedPoint & { features: Record<string, number> } {
  return p.features !== undefined && names.every((f) => typeof p.features?.[f] === 'number');
}

/** Points rescored with `model` where their recorded features allow (the rest keep the score they were given). */
export function rescored(points: JudgedPoint[], model: ConfidenceModel): JudgedPoint[] {
  const names = Object.keys(model.weights);
  return points.map((p) => (complete(p, names) ? { ...p, score: score(p.features as never, model) } : p));
}

function source(reviewed: number, evaluated: number, date: string): { measuredOn: string; measuredAs: MeasuredAs } {
  if (evaluated === 0)
    return { measuredOn: `on ${reviewed} answers your reviewers rated (calibrated ${date})`, measuredAs: 'reviewer_approved' };
  if (reviewed === 0) return { measuredOn: `on ${evaluated} evaluation questions (calibrated ${date})`, measuredAs: 'cited_relevant' };
  return {
    measuredOn: `on ${reviewed} answers your reviewers rated and ${evaluated} evaluation questions (calibrated ${date})`,
    measuredAs: 'approved_or_cited',
  };
}

export function runCalibration(input: CalibrationInput): CalibrationOutcome {
  const notes: string[] = [];
  const names = Object.keys(input.shipped.weights);
  let model = input.inUse;
  let points = rescored([...input.reviewers.points, ...input.evalPoints], model);
  const asRecorded = input.reviewers.points.filter((p) => !complete(p, names)).length;
  if (asRecorded) notes.push(`${asRecorded} rated answers kept the score they were given: their recorded features predate this model`);
  const judged = points.filter(isJudged);
  const rated = judged.length;
  const down = judged.filter((p) => !p.good).length;
  const before = { thresholds: model.thresholds, rows: rows(points, model.thresholds) };
  if (shortfall(rated, down)) {
    return { rated, down, notes, before, refused: `Not enough ratings to calibrate on: ${shortfallText(rated, down)}.` };
  }

  let weights = refitIfEnough(judged, names, input, notes);
  let current = model.thresholds;
  if (weights) {
    // New weights put scores on a new scale: the thresholds to start from (and keep, where the ratings do not say
    // to move) are the ones that label the same shares of these answers as before.
    const refitPoints = rescored(points, { ...model, ...weights });
    const mapped = sameShares(points, refitPoints, current);
    const trial = fitThresholds(refitPoints, { current: mapped, minSamples: input.minSamples });
    if (trial.collapsed.length) {
      notes.push(`refitted weights not used: thresholds fitted on their scores would collapse the labels (${trial.collapsed.join('; ')})`);
      weights = undefined;
    } else {
      model = { ...model, ...weights };
      points = refitPoints;
      current = mapped;
    }
  }
  const fit = fitThresholds(points, { current, minSamples: input.minSamples });
  notes.push(...fit.notes);
  // Thresholds that would collapse the labels are not written: the current ones stay, and the figures are
  // measured under them, so the labels still state this deployment's own figures.
  const thresholds: Thresholds = fit.collapsed.length ? current : { high: fit.high, medium: fit.medium, low: fit.low };
  if (fit.collapsed.length) {
    notes.push(
      `thresholds kept at ${current.high}/${current.medium}/${current.low}: the fitted ones would collapse the labels (${fit.collapsed.join('; ')})`,
    );
  }
  const afterRows = rows(points, thresholds);
  const after = { thresholds, rows: afterRows, fit };
  const base = { rated, down, notes, before, after };
  const wide = tooWide(afterRows.find((r) => r.band === 'medium')?.approved, rated);
  if (wide) return { ...base, refused: `The figures are too uncertain to state: ${wide}.` };

  const measured: Partial<Record<ConfidenceLabel, MeasuredFigure>> = {};
  for (const r of afterRows) {
    if (r.band === 'insufficient' || !r.approved) continue;
    measured[r.band] = figure(r.approved);
  }
  // The abstention label's figure: abstentions reviewers rated that would still abstain under the new thresholds.
  const abstained = input.reviewers.abstentions.filter((a) => a.score < thresholds.low);
  const abstainedRight = interval(abstained.filter((a) => a.approved).length, abstained.length);
  if (abstainedRight) measured.insufficient = figure(abstainedRight);
  // The weights the thresholds were fitted under: refitted now, or the deployment's earlier refit still in use.
  if (!weights && input.inUse.weights !== input.shipped.weights) weights = { weights: input.inUse.weights, bias: input.inUse.bias };
  const evaluated = input.evalPoints.filter(isJudged).length;
  return {
    ...base,
    calibration: { thresholds, ...(weights ? { weights } : {}), measured, ...source(rated - evaluated, evaluated, input.date) },
  };
}

/** Thresholds on the `after` scores that put the same judged points below each as `t` does on the `before` ones. */
function sameShares(before: JudgedPoint[], after: JudgedPoint[], t: Thresholds): Thresholds {
  const judged = before.flatMap((p, i) => (isJudged(p) ? [i] : []));
  const sorted = judged.map((i) => after[i]!.score).sort((a, b) => a - b);
  const map = (x: number) => {
    const below = judged.filter((i) => before[i]!.score < x).length;
    return below >= sorted.length ? 1 : Math.round(sorted[below]! * 1000) / 1000;
  };
  return { high: map(t.high), medium: map(t.medium), low: map(t.low) };
}

/** Refits the weights when every judged point has recorded features and there are enough (WEIGHTS_MINIMUM). */
function refitIfEnough(judged: JudgedPoint[], names: string[], input: CalibrationInput, notes: string[]): LogisticWeights | undefined {
  const fittable = judged.filter((p) => complete(p, names));
  const fittableDown = fittable.filter((p) => !p.good).length;
  if (fittable.length < WEIGHTS_MINIMUM.rated || fittableDown < WEIGHTS_MINIMUM.down) {
    notes.push(
      `weights kept: ${fittable.length} rated answers with recorded features (${fittableDown} 👎); a refit needs ${WEIGHTS_MINIMUM.rated} (${WEIGHTS_MINIMUM.down} 👎)`,
    );
    return undefined;
  }
  if (fittable.length < judged.length) {
    notes.push(`weights kept: ${judged.length - fittable.length} judged points have no recorded features to refit on`);
    return undefined;
  }
  const refit = refitWeights(
    fittable.map((p) => ({ x: names.map((f) => p.features?.[f] as number), y: p.good ? 1 : 0 })),
    names,
    input.shipped,
    input.inUse,
  );
  notes.push(refit.note);
  return refit.fitted;
}

/** Counted towards the minimums and the figures' source: a score in range, not stopped by a check outside it. */
const isJudged = (p: JudgedPoint) => !p.abstainedByCheck && Number.isFinite(p.score) && p.score >= 0 && p.score <= 1;

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function figure(i: Interval): MeasuredFigure {
  return { precision: r3(i.share), n: i.n, low: r3(i.low), high: r3(i.high) };
}

/**
 * How far a deployment is from its own calibration, for the review console: reviewer-rated answers so far against
 * the minimum `rounds calibrate` needs (calibration-gate.ts), and per label the approved share of the rated answers
 * the model in use gives that label, with its 95% interval, beside the figure the label states: whether the promise
 * holds on the ratings so far. Counted exactly as `rounds calibrate` counts its "before" column: one verdict per
 * answer, reviewers only, rescored from the recorded features.
 */
import type { ConfidenceModel } from '../core/confidence/model-types.js';
import type { FeedbackStore } from '../core/ports.js';
import { type Band, bandOf } from './calibrate.js';
import { CALIBRATION_MINIMUM, type Interval, interval, shortfall } from './calibration-gate.js';
import { pointsFromReviewers } from './calibration-points.js';
import { rescored } from './calibration-run.js';

export interface LabelProgress {
  label: Band;
  /** Reviewer-rated answers the model in use labels so, and their approved share (👍; for abstentions: right to abstain). */
  approved?: Interval;
  rated: number;
  /** The share the label states now, from the model in use. */
  stated?: number;
}

export interface CalibrationProgress {
  rated: number;
  down: number;
  minimum: { rated: number; down: number };
  /** What is missing before `rounds calibrate` may fit; undefined once there is enough. */
  missing?: { more: number; moreDown: number };
  labels: LabelProgress[];
  /** Where the stated figures were measured (the model's `measuredOn`), when it says. */
  statedOn?: string;
}

export async function calibrationProgress(store: FeedbackStore, model: ConfidenceModel): Promise<CalibrationProgress> {
  const { points: recorded, abstentions } = await pointsFromReviewers(store);
  const points = rescored(recorded, model);
  const down = points.filter((p) => !p.good).length;
  const labels = (['high', 'medium', 'low', 'insufficient'] as Band[]).map((label): LabelProgress => {
    // Abstentions: reviewers' verdicts on abstentions given (👍: right to abstain), as the label's figure counts them.
    const verdicts =
      label === 'insufficient'
        ? abstentions.filter((a) => a.score < model.thresholds.low).map((a) => a.approved)
        : points.filter((p) => bandOf(p, model.thresholds) === label).map((p) => p.good);
    const out: LabelProgress = { label, rated: verdicts.length };
    const i = interval(verdicts.filter(Boolean).length, verdicts.length);
    if (i) out.approved = i;
    const stated = model.measured?.[label];
    if (stated && stated.n >= 10) out.stated = stated.precision;
    return out;
  });
  const missing = shortfall(points.length, down);
  return {
    rated: points.length,
    down,
    minimum: CALIBRATION_MINIMUM,
    ...(missing ? { missing } : {}),
    labels,
    ...(model.measuredOn ? { statedOn: model.measuredOn } : {}),
  };
}

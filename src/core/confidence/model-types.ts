/** The shape of a fitted confidence model (written by scripts/fit-confidence.ts into model.ts). */
import type { ConfidenceLabel } from '../types.js';

export interface Thresholds {
  high: number;
  medium: number;
  low: number;
}

/** One label's measured figure: the share that held (`precision`) over `n`, with its 95% interval when known. */
export interface MeasuredFigure {
  precision: number;
  n: number;
  low?: number;
  high?: number;
}

/**
 * What a measured share counts: evaluation answers that cited a relevant source (abstentions on questions the
 * sources could not answer), or answers (abstentions) a deployment's reviewers approved, or both pooled.
 */
export type MeasuredAs = 'cited_relevant' | 'reviewer_approved' | 'approved_or_cited';

export interface ConfidenceModel {
  weights: Record<string, number>;
  bias: number;
  thresholds: Thresholds;
  /** Share of answers with this label that held (see `measuredAs`), measured where `measuredOn` says. */
  measured?: Partial<Record<ConfidenceLabel, MeasuredFigure>>;
  /**
   * Where `measured` was measured, as a phrase that completes "…, 97% of medium-confidence answers cited a relevant
   * source": "on 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), left out one at a time", or
   * "on 312 answers your reviewers rated (calibrated 2026-12-03)". A label states no source it was not measured on.
   */
  measuredOn?: string;
  /** What `measured` counts; `cited_relevant` (the evaluation sets) when absent. */
  measuredAs?: MeasuredAs;
  fittedOn?: string[];
  /** Cross-validation folds the `measured` figures come from (out of fold). */
  folds?: number;
}

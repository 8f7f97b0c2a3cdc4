/** The shape of a fitted confidence model (written by scripts/fit-confidence.ts into model.ts). */
import type { ConfidenceLabel } from '../types.js';

export interface Thresholds {
  high: number;
  medium: number;
  low: number;
}

export interface ConfidenceModel {
  weights: Record<string, number>;
  bias: number;
  thresholds: Thresholds;
  /** Measured on the evaluation sets at fit time: share of answers with this label that cited a relevant source. */
  measured?: Partial<Record<ConfidenceLabel, { precision: number; n: number }>>;
  fittedOn?: string[];
  /** Cross-validation folds the `measured` figures come from (out of fold). */
  folds?: number;
}

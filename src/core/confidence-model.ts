// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: { coverage: 4.6, sentenceCoverage: 4.0, bigram: 1.7, margin: 2.9, dense: 3.2 },
  bias: -9.5,
  thresholds: { high: 0.85, medium: 0.65, low: 0.5 },
};

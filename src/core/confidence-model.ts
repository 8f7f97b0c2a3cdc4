// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// `measured` is out-of-fold (5-fold cross-validation over the sets in `fittedOn`).
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.771,
    sentenceCoverage: 1.643,
    bigram: 0.91,
    margin: 1.757,
    dense: 2.868,
    rare: 0.718,
    coverage2: -0.25,
    missing: -0.689,
    lexical: 1.712,
  },
  bias: -2.68,
  thresholds: {
    high: 0.997,
    medium: 0.711,
    low: 0.595,
  },
  measured: {
    high: {
      precision: 0.99,
      n: 113,
    },
    medium: {
      precision: 0.951,
      n: 1062,
    },
    low: {
      precision: 0.783,
      n: 178,
    },
    insufficient: {
      precision: 0.739,
      n: 316,
    },
  },
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo'],
  folds: 5,
};

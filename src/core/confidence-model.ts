// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// `measured` is out-of-fold (5-fold cross-validation over the sets in `fittedOn`).
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.943,
    sentenceCoverage: 1.61,
    bigram: 0.771,
    margin: 1.788,
    dense: 3.025,
    rare: 0.685,
    coverage2: -0.148,
    missing: -0.937,
    lexical: 1.64,
  },
  bias: -2.56,
  thresholds: {
    high: 0.999,
    medium: 0.729,
    low: 0.586,
  },
  measured: {
    high: {
      precision: 0.987,
      n: 116,
    },
    medium: {
      precision: 0.95,
      n: 1062,
    },
    low: {
      precision: 0.742,
      n: 183,
    },
    insufficient: {
      precision: 0.745,
      n: 306,
    },
  },
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo'],
  folds: 5,
};

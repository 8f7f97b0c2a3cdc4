// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// `measured` is out-of-fold (5-fold cross-validation over the sets in `fittedOn`).
import type { ConfidenceModel } from './model-types.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.885,
    sentenceCoverage: 1.942,
    bigram: 1.02,
    margin: 1.608,
    dense: 3.158,
    rare: 0.216,
    coverage2: -1.124,
    missing: -0.502,
    lexical: 0.93,
    rareDocs: 0.963,
    mentions: 0.276,
  },
  bias: -2.783,
  thresholds: {
    high: 0.998,
    medium: 0.743,
    low: 0.602,
  },
  measured: {
    high: {
      precision: 0.987,
      n: 86,
    },
    medium: {
      precision: 0.967,
      n: 1100,
    },
    low: {
      precision: 0.829,
      n: 155,
    },
    insufficient: {
      precision: 0.756,
      n: 340,
    },
  },
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo'],
  folds: 5,
};

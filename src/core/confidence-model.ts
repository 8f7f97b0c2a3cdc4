// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// `measured` is out-of-fold (5-fold cross-validation over the sets in `fittedOn`).
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 3.003,
    sentenceCoverage: 1.712,
    bigram: 0.933,
    margin: 1.701,
    dense: 3.035,
    rare: 0.387,
    coverage2: -0.955,
    missing: -0.778,
    lexical: 1.445,
    rareDocs: 0.849,
  },
  bias: -2.643,
  thresholds: {
    high: 0.999,
    medium: 0.706,
    low: 0.617,
  },
  measured: {
    high: {
      precision: 0.993,
      n: 75,
    },
    medium: {
      precision: 0.953,
      n: 1133,
    },
    low: {
      precision: 0.789,
      n: 137,
    },
    insufficient: {
      precision: 0.754,
      n: 334,
    },
  },
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo'],
  folds: 5,
};

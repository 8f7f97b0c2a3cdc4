// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// `measured` is out-of-fold (5-fold cross-validation over the sets in `fittedOn`).
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.74,
    sentenceCoverage: 1.378,
    bigram: 0.761,
    margin: 1.696,
    dense: 3.405,
    rare: 0.742,
    coverage2: -0.443,
    missing: -1.017,
    lexical: 2.082,
  },
  bias: -2.379,
  thresholds: {
    high: 0.999,
    medium: 0.735,
    low: 0.567,
  },
  measured: {
    high: {
      precision: 0.988,
      n: 124,
    },
    medium: {
      precision: 0.951,
      n: 1048,
    },
    low: {
      precision: 0.695,
      n: 191,
    },
    insufficient: {
      precision: 0.735,
      n: 304,
    },
  },
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo'],
  folds: 5,
};

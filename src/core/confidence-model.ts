// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// `measured` is out-of-fold (5-fold cross-validation over the sets in `fittedOn`).
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.988,
    sentenceCoverage: 1.809,
    bigram: 0.886,
    margin: 1.655,
    dense: 2.855,
    rare: 0.217,
    coverage2: -0.902,
    missing: -0.759,
    lexical: 1.364,
    rareDocs: 0.806,
    mentions: 0.391,
  },
  bias: -2.622,
  thresholds: {
    high: 0.999,
    medium: 0.742,
    low: 0.602,
  },
  measured: {
    high: {
      precision: 0.994,
      n: 84,
    },
    medium: {
      precision: 0.964,
      n: 1111,
    },
    low: {
      precision: 0.853,
      n: 146,
    },
    insufficient: {
      precision: 0.748,
      n: 338,
    },
  },
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo'],
  folds: 5,
};

// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 3.42,
    sentenceCoverage: 2.018,
    bigram: 0.356,
    margin: 1.79,
    dense: 4.275,
    rare: 2.274,
  },
  bias: -4.464,
  thresholds: {
    high: 0.987,
    medium: 0.926,
    low: 0.586,
  },
  measured: {
    high: {
      precision: 0.99,
      n: 275,
    },
    medium: {
      precision: 0.973,
      n: 156,
    },
    low: {
      precision: 0.828,
      n: 107,
    },
    insufficient: {
      precision: 0.831,
      n: 134,
    },
  },
  fittedOn: ['pubmedqa-dev', 'demo'],
};

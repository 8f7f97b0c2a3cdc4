// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
import type { ConfidenceModel } from './confidence.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 3.74,
    sentenceCoverage: 2.135,
    bigram: 0.943,
    margin: 1.71,
    dense: 3.699,
    rare: 2.394,
  },
  bias: -4.556,
  thresholds: {
    high: 0.991,
    medium: 0.941,
    low: 0.588,
  },
  measured: {
    high: {
      precision: 1,
      n: 264,
    },
    medium: {
      precision: 0.981,
      n: 163,
    },
    low: {
      precision: 0.938,
      n: 109,
    },
    insufficient: {
      precision: 0.866,
      n: 136,
    },
  },
  fittedOn: ['pubmedqa-dev', 'demo'],
};

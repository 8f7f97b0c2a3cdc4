// Written by scripts/fit-confidence.ts — do not edit by hand; re-run the script after changing features.
// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: fitted figures that may land near a constant
// `measured` is leave-one-set-out: each set scored by a model and thresholds fitted on the others.
import type { ConfidenceModel } from './model-types.js';

export const CONFIDENCE_MODEL: ConfidenceModel = {
  weights: {
    coverage: 2.693,
    sentenceCoverage: 1.07,
    bigram: 0.5,
    margin: 0.632,
    dense: 2.404,
    rare: -0.171,
    coverage2: -1.419,
    missing: -0.656,
    lexical: 0.699,
    rareDocs: 0.815,
    mentions: 0.777,
    leadCoverage: 1.637,
    kindStated: 1.169,
    groupFit: 0.654,
    valueFit: -0.065,
  },
  bias: -3.091,
  thresholds: {
    high: 0.997,
    medium: 0.867,
    low: 0.655,
  },
  measured: {
    high: {
      precision: 0.972,
      n: 218,
      low: 0.941,
      high: 0.987,
    },
    medium: {
      precision: 0.959,
      n: 929,
      low: 0.944,
      high: 0.97,
    },
    low: {
      precision: 0.701,
      n: 284,
      low: 0.645,
      high: 0.751,
    },
    insufficient: {
      precision: 0.665,
      n: 391,
      low: 0.617,
      high: 0.71,
    },
  },
  measuredOn: 'on 4 evaluation sets (pubmedqa-dev, bioasq-dev, demo, protocols-dev), each left out of the fit in turn',
  fittedOn: ['pubmedqa-dev', 'bioasq-dev', 'demo', 'protocols-dev'],
};
